package dev.tributary.adapters.postgres;

import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateKey;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.aggregation.MeasureState;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes one delta into its aggregate table inside the caller's transaction, using JDBC batches. Rows go in key
 * order, so concurrent workers lock shared rows in the same order and rarely deadlock.
 */
final class DeltaUpserts {
    private static final Comparator<AggregateKey> KEY_ORDER = Comparator.comparing(AggregateKey::bucketStart)
            .thenComparing(k -> String.join("\u0000", k.dimensionValues()));

    private DeltaUpserts() {
    }

    /** Distinct values first (their inserts say how many are new), then one batched upsert of all rows in key order. */
    static void merge(Connection c, AggregateDelta delta) throws SQLException {
        merge(c, delta, TableSchemas.LIVE, SentDistinctValues.NONE);
    }

    /**
     * Into the tables of {@code schemas}: the live ones, or a replay's beside them; of the distinct values, those
     * {@code writes} does not know to be written already.
     */
    static void merge(Connection c, AggregateDelta delta, TableSchemas schemas, SentDistinctValues.Writes writes)
            throws SQLException {
        AggregateTableSql sql = new AggregateTableSql(delta.spec(), schemas);
        List<Map.Entry<AggregateKey, List<MeasureState>>> rows = new ArrayList<>(delta.rows().entrySet());
        rows.sort(Map.Entry.comparingByKey(KEY_ORDER));
        List<Measure> measures = delta.spec().measures();
        long[][] newDistinct = new long[measures.size()][];
        for (int m = 0; m < measures.size(); m++) {
            if (measures.get(m).function() == MeasureFunction.DISTINCT_COUNT) {
                newDistinct[m] = insertDistinct(c, sql, measures.get(m), m, rows, writes);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.upsert())) {
            for (int r = 0; r < rows.size(); r++) {
                List<MeasureState> states = rows.get(r).getValue();
                int p = 1;
                if (sql.upsertsAverages()) {
                    p = bindKey(ps, p, rows.get(r).getKey());
                    for (int m = 0; m < measures.size(); m++) {
                        if (measures.get(m).function() == MeasureFunction.AVG) {
                            ps.setBigDecimal(p++, states.get(m).sum());
                            ps.setLong(p++, states.get(m).count());
                        }
                    }
                }
                p = bindKey(ps, p, rows.get(r).getKey());
                for (int m = 0; m < measures.size(); m++) {
                    MeasureState s = states.get(m);
                    switch (measures.get(m).function()) {
                        case COUNT -> ps.setLong(p++, s.count());
                        case DISTINCT_COUNT -> ps.setLong(p++, newDistinct[m][r]);
                        case SUM -> ps.setBigDecimal(p++, s.sum());
                        case MIN -> setDecimal(ps, p++, s.min());
                        case MAX -> setDecimal(ps, p++, s.max());
                        case AVG -> {
                            // the averages table's new quotient, bound above
                        }
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Returns, per row, how many of its distinct values the side table did not have yet. */
    private static long[] insertDistinct(Connection c, AggregateTableSql sql, Measure measure, int index,
                                         List<Map.Entry<AggregateKey, List<MeasureState>>> rows,
                                         SentDistinctValues.Writes writes) throws SQLException {
        long[] inserted = new long[rows.size()];
        List<Integer> batched = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.insertDistinct(measure))) {
            for (int r = 0; r < rows.size(); r++) {
                List<String> values = writes.unsent(sql.distinctTable(measure), rows.get(r).getKey(),
                        rows.get(r).getValue().get(index).distinct());
                if (values.isEmpty()) {
                    continue;
                }
                values.sort(null);          // concurrent writers insert a row's values in one order: no deadlock
                int p = bindKey(ps, 1, rows.get(r).getKey());
                ps.setArray(p, c.createArrayOf("text", values.toArray()));
                ps.addBatch();
                batched.add(r);
            }
            if (batched.isEmpty()) {
                return inserted;
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    throw new IllegalStateException("driver did not report inserted rows (reWriteBatchedInserts?)");
                }
                inserted[batched.get(i)] = counts[i];
            }
            return inserted;
        }
    }

    private static int bindKey(PreparedStatement ps, int first, AggregateKey key) throws SQLException {
        int p = first;
        LedgerRows.setInstant(ps, p++, key.bucketStart());
        for (String v : key.dimensionValues()) {
            ps.setString(p++, v);
        }
        return p;
    }

    private static void setDecimal(PreparedStatement ps, int index, BigDecimal value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NUMERIC);
        } else {
            ps.setBigDecimal(index, value);
        }
    }

}
