package dev.tributary.domain.source;


import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One cleaning step of a field. Text rules run on the producer's text before typing; typed rules run on the
 * typed value after it. A rule either returns the (possibly changed) value or a reason to reject the record.
 */
public sealed interface CleaningRule {

    /** When a rule runs relative to parsing the text into the field's type. */
    enum Phase { TEXT, TYPED }

    Phase phase();

    /** Applies the rule; {@code value} is a String in the TEXT phase (null when absent) and the typed value after. */
    Step apply(Object value);

    /** Why this rule cannot apply to a field of {@code type}; empty when it can. */
    default Optional<String> checkApplicableTo(FieldType type) {
        return Optional.empty();
    }

    /** The outcome of one rule on one value. */
    sealed interface Step {
        record Keep(Object value) implements Step {}

        record Reject(String reason) implements Step {}
    }

    /** Removes leading and trailing whitespace; a value that becomes empty counts as absent. */
    record Trim() implements CleaningRule {
        public Phase phase() { return Phase.TEXT; }

        public Step apply(Object value) {
            if (value == null) {
                return new Step.Keep(null);
            }
            String trimmed = ((String) value).strip();
            return new Step.Keep(trimmed.isEmpty() ? null : trimmed);
        }
    }

    /** Lower- or upper-cases text (locale independent). */
    record ChangeCase(boolean upper) implements CleaningRule {
        public Phase phase() { return Phase.TEXT; }

        public Step apply(Object value) {
            if (value == null) {
                return new Step.Keep(null);
            }
            String s = (String) value;
            return new Step.Keep(upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT));
        }
    }

    /** Supplies a value when the producer sent none (absent, null or blank). */
    record DefaultValue(String value) implements CleaningRule {
        public DefaultValue {
            Objects.requireNonNull(value, "value");
        }

        public Phase phase() { return Phase.TEXT; }

        public Step apply(Object current) {
            return new Step.Keep(current == null || ((String) current).isBlank() ? value : current);
        }
    }

    /** Keeps numbers within [min, max]; either bound may be null (open). */
    record Range(BigDecimal min, BigDecimal max) implements CleaningRule {
        public Range {
            if (min == null && max == null) {
                throw new IllegalArgumentException("range needs min, max or both");
            }
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw new IllegalArgumentException("range min " + min + " is above max " + max);
            }
        }

        public Phase phase() { return Phase.TYPED; }

        public Optional<String> checkApplicableTo(FieldType type) {
            return type.isNumeric() ? Optional.empty() : Optional.of("range applies to numbers, not " + type);
        }

        public Step apply(Object value) {
            if (value == null) {
                return new Step.Keep(null);
            }
            BigDecimal n = value instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) value;
            if (min != null && n.compareTo(min) < 0) {
                return new Step.Reject("below minimum " + min.toPlainString());
            }
            if (max != null && n.compareTo(max) > 0) {
                return new Step.Reject("above maximum " + max.toPlainString());
            }
            return new Step.Keep(value);
        }
    }

    /** Text must match the whole regular expression. */
    record Matches(Pattern pattern) implements CleaningRule {
        public Matches {
            Objects.requireNonNull(pattern, "pattern");
        }

        public static Matches regex(String regex) {
            return new Matches(Pattern.compile(regex));
        }

        public Phase phase() { return Phase.TYPED; }

        public Optional<String> checkApplicableTo(FieldType type) {
            return type == FieldType.STRING ? Optional.empty() : Optional.of("pattern applies to strings, not " + type);
        }

        public Step apply(Object value) {
            if (value == null || pattern.matcher((String) value).matches()) {
                return new Step.Keep(value);
            }
            return new Step.Reject("does not match pattern " + pattern.pattern());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Matches m && m.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode();
        }
    }

    /** Text must be one of the allowed values (compared after the text rules, so combine with case rules). */
    record OneOf(List<String> allowed) implements CleaningRule {
        public OneOf {
            allowed = List.copyOf(Objects.requireNonNull(allowed, "allowed"));
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("one_of needs at least one allowed value");
            }
        }

        public Phase phase() { return Phase.TYPED; }

        public Optional<String> checkApplicableTo(FieldType type) {
            return type == FieldType.STRING ? Optional.empty() : Optional.of("one_of applies to strings, not " + type);
        }

        public Step apply(Object value) {
            if (value == null || allowed.contains(value)) {
                return new Step.Keep(value);
            }
            return new Step.Reject("not one of " + String.join(", ", allowed));
        }
    }

    /** Converts a number from one unit to another (e.g. fahrenheit to celsius, cent to unit). */
    record ConvertUnit(Unit from, Unit to) implements CleaningRule {
        public ConvertUnit {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!from.dimension().equals(to.dimension())) {
                throw new IllegalArgumentException("cannot convert " + from + " (" + from.dimension() + ") to "
                        + to + " (" + to.dimension() + ")");
            }
        }

        public Phase phase() { return Phase.TYPED; }

        public Optional<String> checkApplicableTo(FieldType type) {
            return type == FieldType.DECIMAL ? Optional.empty()
                    : Optional.of("unit conversion applies to decimal fields, not " + type);
        }

        public Step apply(Object value) {
            return new Step.Keep(value == null ? null : from.convert((BigDecimal) value, to));
        }
    }
}
