package dev.tributary.domain.source;

import dev.tributary.domain.source.CleaningRule;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field of a source: the name it has in the lake and in PostgreSQL, the name it has in the producer's input
 * ({@code input}, a dotted path for nested JSON or a CSV header), its type, whether it is required, and the
 * cleaning rules applied in order. {@code timestampFormat} applies to TIMESTAMP fields, {@code scale} (digits
 * after the decimal point kept in the staged zone) to DECIMAL fields.
 */
public record FieldSpec(String name, String input, FieldType type, boolean required, List<CleaningRule> rules,
                        TimestampFormat timestampFormat, int scale) {
    /** Digits a decimal holds in all, after the point included: the staged zone's DECIMAL(18, scale). */
    public static final int DECIMAL_PRECISION = 18;

    /**
     * Starts with a letter, so no field takes a column the lake adds ({@code _batch_id}, {@code _position},
     * {@code _unknown_fields}).
     */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    public static final int DEFAULT_SCALE = 4;

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestampFormat, "timestampFormat");
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field name must be lower snake case: '" + name + "'");
        }
        if (input.isBlank()) {
            throw new IllegalArgumentException("field '" + name + "' has a blank input name");
        }
        if (scale < 0 || scale > 9) {
            throw new IllegalArgumentException("field '" + name + "' scale must be 0..9: " + scale);
        }
        for (CleaningRule rule : rules) {
            rule.checkApplicableTo(type).ifPresent(problem -> {
                throw new IllegalArgumentException("field '" + name + "': " + problem);
            });
        }
    }

    /** A field whose input name equals its name, ISO timestamps in UTC and the default decimal scale. */
    public static FieldSpec of(String name, FieldType type, boolean required, CleaningRule... rules) {
        return new FieldSpec(name, name, type, required, List.of(rules), TimestampFormat.ISO_UTC, DEFAULT_SCALE);
    }

    public FieldSpec withInput(String inputName) {
        return new FieldSpec(name, inputName, type, required, rules, timestampFormat, scale);
    }

    public FieldSpec withTimestampFormat(TimestampFormat format) {
        return new FieldSpec(name, input, type, required, rules, format, scale);
    }

    public FieldSpec withScale(int digits) {
        return new FieldSpec(name, input, type, required, rules, timestampFormat, digits);
    }
}
