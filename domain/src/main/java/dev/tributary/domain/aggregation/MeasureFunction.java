package dev.tributary.domain.aggregation;

import dev.tributary.domain.source.FieldType;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a measure folds records into a number. */
public enum MeasureFunction {
    COUNT, SUM, MIN, MAX, AVG, DISTINCT_COUNT;

    /** Whether the function needs a field, and of which types. */
    public boolean needsField() {
        return this != COUNT;
    }

    public boolean accepts(FieldType type) {
        return switch (this) {
            case COUNT, DISTINCT_COUNT -> true;
            case SUM, AVG, MIN, MAX -> type.isNumeric();
        };
    }

    public static Optional<MeasureFunction> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.name().equals(n)).findFirst();
    }
}
