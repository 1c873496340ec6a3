package dev.tributary.adapters.postgres;

import dev.tributary.domain.aggregation.TableDiff;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a rebuilt table differs from the live one: one full join on the key columns counts rows before and after,
 * rows changed (a measure differs), added and removed; a second names a few changed rows by their keys; a third
 * takes each measure over the whole of both tables ({@link AggregateTableSql#wholeTable}).
 */
final class TableDiffs {

    private TableDiffs() {
    }

    static TableDiff of(Connection c, AggregateTableSql live, AggregateTableSql rebuilt, int examples)
            throws SQLException {
        List<String> keys = live.keyColumns();
        List<Measure> specs = live.spec().measures();
        List<String> measures = specs.stream().map(Measure::column).toList();
        String first = AggregateTableSql.quote(keys.get(0));
        String join = " FROM " + live.table() + " o FULL JOIN " + rebuilt.table() + " n ON "
                + keys.stream().map(k -> "o." + AggregateTableSql.quote(k) + " = n." + AggregateTableSql.quote(k))
                .collect(Collectors.joining(" AND "));
        String differs = "(" + columns("o.", measures) + ") IS DISTINCT FROM (" + columns("n.", measures) + ")";
        if (measures.size() == 1) {
            differs = "o." + AggregateTableSql.quote(measures.get(0)) + " IS DISTINCT FROM n."
                    + AggregateTableSql.quote(measures.get(0));
        }
        StringBuilder sql = new StringBuilder("SELECT count(o.").append(first).append("), count(n.").append(first)
                .append("), count(*) FILTER (WHERE o.").append(first).append(" IS NOT NULL AND n.").append(first)
                .append(" IS NOT NULL AND ").append(differs).append("), count(*) FILTER (WHERE o.").append(first)
                .append(" IS NULL), count(*) FILTER (WHERE n.").append(first).append(" IS NULL)");
        sql.append(join);
        try (Statement s = c.createStatement()) {
            long before;
            long after;
            long changed;
            long added;
            long removed;
            Map<String, BigDecimal> totalsBefore = new LinkedHashMap<>();
            Map<String, BigDecimal> totalsAfter = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery(sql.toString())) {
                rs.next();
                before = rs.getLong(1);
                after = rs.getLong(2);
                changed = rs.getLong(3);
                added = rs.getLong(4);
                removed = rs.getLong(5);
            }
            try (ResultSet rs = s.executeQuery("SELECT " + specs.stream()
                    .map(m -> live.wholeTable(m) + ", " + rebuilt.wholeTable(m)).collect(Collectors.joining(", ")))) {
                rs.next();
                int col = 1;
                for (String m : measures) {
                    putTotal(totalsBefore, m, rs.getBigDecimal(col++));
                    putTotal(totalsAfter, m, rs.getBigDecimal(col++));
                }
            }
            List<String> named = new ArrayList<>();
            if (changed + added + removed > 0) {
                String key = keys.stream().map(k -> "coalesce(CAST(o." + AggregateTableSql.quote(k)
                        + " AS text), CAST(n." + AggregateTableSql.quote(k) + " AS text))").collect(
                        Collectors.joining(", "));
                try (ResultSet rs = s.executeQuery("SELECT " + key + ", CASE WHEN o." + first + " IS NULL THEN "
                        + "'added' WHEN n." + first + " IS NULL THEN 'removed' ELSE 'changed' END" + join
                        + " WHERE o." + first + " IS NULL OR n." + first + " IS NULL OR " + differs
                        + " ORDER BY 1 DESC LIMIT " + examples)) {
                    while (rs.next()) {
                        List<String> parts = new ArrayList<>();
                        for (int i = 0; i < keys.size(); i++) {
                            parts.add(keys.get(i) + "=" + rs.getString(i + 1));
                        }
                        named.add(rs.getString(keys.size() + 1) + ": " + String.join(" ", parts));
                    }
                }
            }
            Map<String, MeasureFunction> functions = new LinkedHashMap<>();
            specs.forEach(m -> functions.put(m.column(), m.function()));
            return new TableDiff(live.spec().table(), before, after, changed, added, removed, named, functions,
                    totalsBefore, totalsAfter);
        }
    }

    private static void putTotal(Map<String, BigDecimal> totals, String measure, BigDecimal value) {
        if (value != null) {
            BigDecimal stripped = value.stripTrailingZeros();
            totals.put(measure, stripped.scale() < 0 ? stripped.setScale(0) : stripped);
        }
    }

    private static String columns(String alias, List<String> measures) {
        return measures.stream().map(m -> alias + AggregateTableSql.quote(m)).collect(Collectors.joining(", "));
    }
}
