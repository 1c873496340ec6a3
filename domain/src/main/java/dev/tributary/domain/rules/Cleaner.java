package dev.tributary.domain.rules;

import dev.tributary.domain.source.CleaningRule;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.SourceDefinition;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The clean step: types every field of every record, applies the source's rules in order and drops nothing —
 * each record comes out {@link CleaningOutcome.Clean} or {@link CleaningOutcome.Rejected} with a reason. A record
 * whose dedupe key repeats an earlier record of the same batch is rejected as a duplicate.
 */
public final class Cleaner {
    private final SourceDefinition source;
    private final FieldRules[] fields;
    private final String[] dedupeKey;

    public Cleaner(SourceDefinition source) {
        this.source = source;
        this.fields = source.fields().stream().map(FieldRules::of).toArray(FieldRules[]::new);
        this.dedupeKey = source.dedupeKey().toArray(String[]::new);
    }

    /** A field with its rules split by phase once per source, not filtered again for every value. */
    private record FieldRules(FieldSpec spec, CleaningRule[] textRules, CleaningRule[] typedRules) {
        static FieldRules of(FieldSpec spec) {
            return new FieldRules(spec, rules(spec, CleaningRule.Phase.TEXT), rules(spec, CleaningRule.Phase.TYPED));
        }

        private static CleaningRule[] rules(FieldSpec spec, CleaningRule.Phase phase) {
            return spec.rules().stream().filter(r -> r.phase() == phase).toArray(CleaningRule[]::new);
        }
    }

    public List<CleaningOutcome> cleanAll(List<RawRecord> records) {
        List<CleaningOutcome> outcomes = new ArrayList<>(records.size());
        Map<List<Object>, RecordPosition> seen = new HashMap<>();
        for (RawRecord raw : records) {
            CleaningOutcome outcome = clean(raw);
            if (outcome instanceof CleaningOutcome.Clean c && dedupeKey.length > 0) {
                Object[] key = new Object[dedupeKey.length];
                for (int i = 0; i < key.length; i++) {
                    key[i] = c.record().get(dedupeKey[i]);
                }
                RecordPosition first = seen.putIfAbsent(Arrays.asList(key), raw.position());
                if (first != null) {
                    outcome = new CleaningOutcome.Rejected(raw.position(), null,
                            "duplicate of " + first + " (same " + String.join(", ", dedupeKey) + ")", raw);
                }
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    public CleaningOutcome clean(RawRecord raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldRules field : fields) {
            FieldSpec spec = field.spec();
            Object value = apply(field.textRules(), raw.get(spec.input()));
            if (value instanceof CleaningRule.Step.Reject r) {
                return reject(raw, spec, r.reason());
            }
            if (value == null || ((String) value).isEmpty()) {
                if (spec.required()) {
                    return reject(raw, spec, "required field is missing");
                }
                continue;
            }
            value = parse(spec, (String) value);
            if (value instanceof CleaningRule.Step.Reject r) {
                return reject(raw, spec, r.reason());
            }
            if (value == null) {
                return reject(raw, spec, "not a valid " + spec.type().name().toLowerCase(Locale.ROOT)
                        + describeFormat(spec));
            }
            value = apply(field.typedRules(), value);
            if (value instanceof CleaningRule.Step.Reject r) {
                return reject(raw, spec, r.reason());
            }
            if (value instanceof BigDecimal d) {
                // before setScale: 1e999999999 would otherwise be written out digit by digit
                if (d.signum() != 0 && d.precision() - d.scale() > FieldSpec.DECIMAL_PRECISION - spec.scale()) {
                    return reject(raw, spec, "too large: at most " + (FieldSpec.DECIMAL_PRECISION - spec.scale())
                            + " digits before the decimal point");
                }
                value = d.setScale(spec.scale(), RoundingMode.HALF_UP);
            }
            if (value instanceof String s && s.indexOf('\u0000') >= 0) {
                // PostgreSQL text cannot hold U+0000, and no reader expects it: set aside rather than fail later
                return reject(raw, spec, "contains a NUL character (U+0000)");
            }
            values.put(spec.name(), value);
        }
        Instant eventTime = (Instant) values.get(source.eventTimeField());
        return new CleaningOutcome.Clean(CleanRecord.owning(raw.position(), eventTime, values));
    }

    /** The value after {@code rules} in order, or the first rule's {@link CleaningRule.Step.Reject}. */
    private static Object apply(CleaningRule[] rules, Object value) {
        for (CleaningRule rule : rules) {
            CleaningRule.Step step = rule.apply(value);
            if (step instanceof CleaningRule.Step.Reject) {
                return step;
            }
            value = ((CleaningRule.Step.Keep) step).value();
        }
        return value;
    }

    private static CleaningOutcome.Rejected reject(RawRecord raw, FieldSpec field, String reason) {
        return new CleaningOutcome.Rejected(raw.position(), field.name(), reason, raw);
    }

    private static String describeFormat(FieldSpec field) {
        return field.type() == FieldType.TIMESTAMP ? " (expected " + field.timestampFormat().pattern() + ")" : "";
    }

    /** The value of {@code text} in the field's type; null when it is not one. */
    static Object parse(FieldSpec field, String text) {
        try {
            return switch (field.type()) {
                case STRING -> text;
                case INTEGER -> Long.parseLong(text.strip());
                case DECIMAL -> decimal(text.strip());
                case BOOLEAN -> parseBoolean(text.strip());
                case TIMESTAMP -> field.timestampFormat().parse(text.strip()).orElse(null);
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Digits before the point a decimal may have when read: beyond any unit conversion's reach, cheap to compute with. */
    private static final int MAX_READ_DIGITS = 40;

    /**
     * A decimal, or a {@link CleaningRule.Step.Reject} when it is too large to compute with; a number too small for 40
     * decimal places is zero. Exponents are checked before anything is computed: '1e999999999' written out would
     * take a billion digits.
     */
    private static Object decimal(String text) {
        BigDecimal d = new BigDecimal(text);
        int integerDigits = d.precision() - d.scale();
        if (d.signum() != 0 && integerDigits > MAX_READ_DIGITS) {
            return new CleaningRule.Step.Reject("too large: more than " + MAX_READ_DIGITS + " digits before the decimal point");
        }
        return integerDigits < -MAX_READ_DIGITS ? BigDecimal.ZERO : d;
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "no", "n", "0" -> Boolean.FALSE;
            default -> null;
        };
    }
}
