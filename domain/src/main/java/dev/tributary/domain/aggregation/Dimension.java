package dev.tributary.domain.aggregation;

import java.util.Objects;

/** A field records are grouped by, and the column it becomes in the aggregate table. */
public record Dimension(String field, String column) {
    public Dimension {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(column, "column");
        AggregationSpec.requireIdentifier(column, "dimension column");
    }
}
