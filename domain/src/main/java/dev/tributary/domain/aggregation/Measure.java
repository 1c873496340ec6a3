package dev.tributary.domain.aggregation;

import java.util.Objects;

/** One number in an aggregate row: its column, function, the field it reads (null for count) and a description. */
public record Measure(String column, MeasureFunction function, String field, String description) {
    public Measure {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(description, "description");
        AggregationSpec.requireIdentifier(column, "measure column");
        if (function.needsField() && field == null) {
            throw new IllegalArgumentException("measure '" + column + "' (" + function + ") needs a field");
        }
    }
}
