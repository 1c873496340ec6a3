package dev.tributary.domain.aggregation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a measure folds records into a number. */
public enum MeasureFunction {
    COUNT, SUM, MIN, MAX, AVG, DISTINCT_COUNT;

    /** Whether the function reads a field (all but count). */
    public boolean needsField() {
        return this != COUNT;
    }

    /** Sum, average, min and max read numbers; count and distinct count take any type. */
    public boolean needsNumber() {
        return this == SUM || this == AVG || this == MIN || this == MAX;
    }

    public static Optional<MeasureFunction> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.name().equals(n)).findFirst();
    }
}
