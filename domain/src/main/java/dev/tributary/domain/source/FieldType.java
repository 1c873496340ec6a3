package dev.tributary.domain.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The type a field is cleaned into. Java types: String, Long, BigDecimal, Boolean, Instant. */
public enum FieldType {
    STRING, INTEGER, DECIMAL, BOOLEAN, TIMESTAMP;

    public boolean isNumeric() {
        return this == INTEGER || this == DECIMAL;
    }

    public static Optional<FieldType> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.name().equals(n)).findFirst();
    }
}
