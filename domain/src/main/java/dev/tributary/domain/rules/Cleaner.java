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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The clean step: types every field of every record, applies the source's rules in order and drops nothing —
 * each record comes out {@link CleaningOutcome.Clean} or {@link CleaningOutcome.Rejected} with a reason. A record
 * whose dedupe key repeats an earlier record of the same batch is rejected as a duplicate.
 */
public final class Cleaner {
    private final SourceDefinition source;

    public Cleaner(SourceDefinition source) {
        this.source = source;
    }

    public List<CleaningOutcome> cleanAll(List<RawRecord> records) {
        List<CleaningOutcome> outcomes = new ArrayList<>(records.size());
        Map<List<Object>, RecordPosition> seen = new HashMap<>();
        for (RawRecord raw : records) {
            CleaningOutcome outcome = clean(raw);
            if (outcome instanceof CleaningOutcome.Clean c && !source.dedupeKey().isEmpty()) {
                List<Object> key = source.dedupeKey().stream().map(c.record()::get).toList();
                RecordPosition first = seen.putIfAbsent(key, raw.position());
                if (first != null) {
                    outcome = new CleaningOutcome.Rejected(raw.position(), null,
                            "duplicate of " + first + " (same " + String.join(", ", source.dedupeKey()) + ")", raw);
                }
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    public CleaningOutcome clean(RawRecord raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSpec field : source.fields()) {
            Object value = raw.get(field.input());
            for (CleaningRule rule : field.rules()) {
                if (rule.phase() != CleaningRule.Phase.TEXT) {
                    continue;
                }
                CleaningRule.Step step = rule.apply(value);
                if (step instanceof CleaningRule.Step.Reject r) {
                    return reject(raw, field, r.reason());
                }
                value = ((CleaningRule.Step.Keep) step).value();
            }
            if (value == null || ((String) value).isEmpty()) {
                if (field.required()) {
                    return reject(raw, field, "required field is missing");
                }
                continue;
            }
            Optional<Object> typed = parse(field, (String) value);
            if (typed.isEmpty()) {
                return reject(raw, field, "not a valid " + field.type().name().toLowerCase(Locale.ROOT)
                        + describeFormat(field));
            }
            value = typed.get();
            for (CleaningRule rule : field.rules()) {
                if (rule.phase() != CleaningRule.Phase.TYPED) {
                    continue;
                }
                CleaningRule.Step step = rule.apply(value);
                if (step instanceof CleaningRule.Step.Reject r) {
                    return reject(raw, field, r.reason());
                }
                value = ((CleaningRule.Step.Keep) step).value();
            }
            if (value instanceof BigDecimal d) {
                value = d.setScale(field.scale(), RoundingMode.HALF_UP);
            }
            values.put(field.name(), value);
        }
        Instant eventTime = (Instant) values.get(source.eventTimeField());
        return new CleaningOutcome.Clean(new CleanRecord(raw.position(), eventTime, values));
    }

    private static CleaningOutcome.Rejected reject(RawRecord raw, FieldSpec field, String reason) {
        return new CleaningOutcome.Rejected(raw.position(), field.name(), reason, raw);
    }

    private static String describeFormat(FieldSpec field) {
        return field.type() == FieldType.TIMESTAMP ? " (expected " + field.timestampFormat().pattern() + ")" : "";
    }

    static Optional<Object> parse(FieldSpec field, String text) {
        try {
            return switch (field.type()) {
                case STRING -> Optional.of(text);
                case INTEGER -> Optional.of(Long.parseLong(text.strip()));
                case DECIMAL -> Optional.of(new BigDecimal(text.strip()));
                case BOOLEAN -> parseBoolean(text.strip());
                case TIMESTAMP -> field.timestampFormat().parse(text.strip()).map(Object.class::cast);
            };
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Object> parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> Optional.of(Boolean.TRUE);
            case "false", "no", "n", "0" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }
}
