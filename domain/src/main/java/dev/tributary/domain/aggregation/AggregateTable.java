package dev.tributary.domain.aggregation;

import java.util.List;

/** Column names as in PostgreSQL, then rows of values (Instant, String, Long, BigDecimal). */
public record AggregateTable(List<String> columns, List<List<Object>> rows) {
    public AggregateTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }
}
