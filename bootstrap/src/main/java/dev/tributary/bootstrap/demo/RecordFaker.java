package dev.tributary.bootstrap.demo;

import dev.tributary.domain.source.CleaningRule;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.TimestampFormat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes believable records for any source from its YAML alone: values drawn from each field's rules (allowed
 * values, patterns, ranges), identifiers from a small pool so distinct counts mean something, event times near now.
 * A bad record breaks one rule on purpose so the demo always shows quarantine at work.
 */
final class RecordFaker {
    private static final List<String> WORDS = List.of("alpha", "bravo", "delta", "echo", "kilo", "lima", "nova",
            "orbit", "pixel", "quartz", "river", "sierra", "tango", "vector");
    private static final int POOL = 12;
    private final Random random;
    /** Per source field, a small set of pattern values, so dimensions have a readable number of distinct values. */
    private final Map<String, List<String>> pools = new java.util.concurrent.ConcurrentHashMap<>();

    RecordFaker(Random random) {
        this.random = random;
    }

    /** Input names (dotted for nested JSON) to values; a bad record fails cleaning for a reason shown in quarantine. */
    Map<String, Object> record(SourceDefinition source, Instant now, boolean bad) {
        Map<String, Object> values = new LinkedHashMap<>();
        Instant eventTime = now.minusMillis(random.nextInt(1500));
        for (FieldSpec field : source.fields()) {
            if (!field.required() && random.nextInt(10) == 0) {
                continue;
            }
            values.put(field.input(), value(source, field, eventTime));
        }
        if (bad) {
            spoil(source, values);
        }
        return values;
    }

    private void spoil(SourceDefinition source, Map<String, Object> values) {
        FieldSpec eventTime = source.field(source.eventTimeField()).orElseThrow();
        FieldSpec removable = source.fields().stream()
                .filter(f -> f.required() && !f.name().equals(source.eventTimeField()))
                .filter(f -> f.rules().stream().noneMatch(r -> r instanceof CleaningRule.DefaultValue))
                .findFirst().orElse(null);
        if (removable != null && random.nextBoolean()) {
            values.remove(removable.input());
        } else {
            values.put(eventTime.input(), "sometime yesterday");
        }
    }

    private Object value(SourceDefinition source, FieldSpec field, Instant eventTime) {
        for (CleaningRule rule : field.rules()) {
            if (rule instanceof CleaningRule.OneOf oneOf) {
                return oneOf.allowed().get(random.nextInt(oneOf.allowed().size()));
            }
            if (rule instanceof CleaningRule.Matches matches) {
                if (source.dedupeKey().contains(field.name())) {
                    return RegexSampler.sample(matches.pattern().pattern(), random);
                }
                List<String> pool = pools.computeIfAbsent(source.name() + "." + field.name(), k -> java.util.stream.IntStream
                        .range(0, POOL).mapToObj(i -> RegexSampler.sample(matches.pattern().pattern(), random)).toList());
                return pool.get(random.nextInt(pool.size()));
            }
            if (rule instanceof CleaningRule.Range range && field.type().isNumeric()) {
                return number(field.type(), range.min(), range.max());
            }
        }
        return switch (field.type()) {
            case STRING -> text(source, field);
            case INTEGER -> (long) (1 + random.nextInt(100));
            case DECIMAL -> number(FieldType.DECIMAL, BigDecimal.ONE, BigDecimal.valueOf(500));
            case BOOLEAN -> random.nextInt(4) != 0;
            case TIMESTAMP -> timestamp(field.timestampFormat(), field.name().equals(source.eventTimeField())
                    ? eventTime : eventTime.minusSeconds(random.nextInt(3600)));
        };
    }

    private String text(SourceDefinition source, FieldSpec field) {
        String name = field.name();
        if (source.dedupeKey().contains(name)) {
            return name.replace("_id", "").toUpperCase(java.util.Locale.ROOT) + "-" + Long.toString(
                    Math.abs(random.nextLong()), 36);
        }
        if (name.contains("email")) {
            return "user" + random.nextInt(400) + "@example.com";
        }
        if (name.endsWith("_id") || name.endsWith("id")) {
            return name.replace("_id", "") + "-" + random.nextInt(400);
        }
        return WORDS.get(random.nextInt(WORDS.size()));
    }

    private Object number(FieldType type, BigDecimal min, BigDecimal max) {
        BigDecimal low = min == null ? BigDecimal.ZERO : min;
        BigDecimal high = max == null ? low.add(BigDecimal.valueOf(1000)) : max;
        // Skewed toward the low end: most orders are small, a few are large.
        double u = Math.pow(random.nextDouble(), 2);
        BigDecimal v = low.add(high.subtract(low).multiply(BigDecimal.valueOf(u)));
        return type == FieldType.INTEGER ? (Object) v.setScale(0, RoundingMode.DOWN).longValueExact()
                : v.setScale(2, RoundingMode.HALF_UP);
    }

    private static Object timestamp(TimestampFormat format, Instant at) {
        return switch (format.pattern()) {
            case TimestampFormat.ISO -> at.toString();
            case TimestampFormat.EPOCH_MILLIS -> at.toEpochMilli();
            case TimestampFormat.EPOCH_SECONDS -> at.getEpochSecond();
            default -> DateTimeFormatter.ofPattern(format.pattern()).withZone(format.zone()).format(at);
        };
    }
}
