package dev.tributary.domain.source;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Units a field can be converted between. Each unit belongs to a dimension and converts linearly to that
 * dimension's base unit: {@code base = value * factor + offset}.
 */
public enum Unit {
    CELSIUS("temperature", "1", "0"),
    FAHRENHEIT("temperature", "0.5555555555555555555555555555555556", "-17.77777777777777777777777777777778"),
    KELVIN("temperature", "1", "-273.15"),
    GRAM("mass", "0.001", "0"),
    KILOGRAM("mass", "1", "0"),
    POUND("mass", "0.45359237", "0"),
    OUNCE("mass", "0.028349523125", "0"),
    METER("length", "1", "0"),
    KILOMETER("length", "1000", "0"),
    MILE("length", "1609.344", "0"),
    FOOT("length", "0.3048", "0"),
    METER_PER_SECOND("speed", "1", "0"),
    KILOMETER_PER_HOUR("speed", "0.2777777777777777777777777777777778", "0"),
    MILE_PER_HOUR("speed", "0.44704", "0"),
    MILLISECOND("duration", "0.001", "0"),
    SECOND("duration", "1", "0"),
    MINUTE("duration", "60", "0"),
    HOUR("duration", "3600", "0"),
    CENT("money", "0.01", "0"),
    UNIT("money", "1", "0"),
    BYTE("data", "1", "0"),
    KILOBYTE("data", "1000", "0"),
    MEGABYTE("data", "1000000", "0");

    private static final MathContext PRECISION = MathContext.DECIMAL64;
    private final String dimension;
    private final BigDecimal factor;
    private final BigDecimal offset;

    Unit(String dimension, String factor, String offset) {
        this.dimension = dimension;
        this.factor = new BigDecimal(factor);
        this.offset = new BigDecimal(offset);
    }

    public String dimension() {
        return dimension;
    }

    /** Converts {@code value} in this unit to {@code target}; both must measure the same dimension. */
    public BigDecimal convert(BigDecimal value, Unit target) {
        if (!dimension.equals(target.dimension)) {
            throw new IllegalArgumentException("cannot convert " + this + " (" + dimension + ") to " + target
                    + " (" + target.dimension + ")");
        }
        if (this == target) {
            return value;
        }
        BigDecimal base = value.multiply(factor, PRECISION).add(offset, PRECISION);
        return base.subtract(target.offset, PRECISION).divide(target.factor, PRECISION);
    }

    /** Parses the lower snake case name used in source YAML, e.g. {@code mile_per_hour}. */
    public static Optional<Unit> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(u -> u.name().equals(n)).findFirst();
    }
}
