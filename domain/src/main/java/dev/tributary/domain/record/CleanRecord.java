package dev.tributary.domain.record;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A record that passed cleaning: field names to typed values (String, Long, BigDecimal, Boolean, Instant; a
 * missing optional field maps to nothing) and its event time. A source with {@code unknown_fields: keep} adds its
 * undeclared input fields under {@code _unknown_fields} as one {@code Map<String, String>} (see
 * {@link dev.tributary.domain.rules.StagedSchema#UNKNOWN_FIELDS_COLUMN}).
 */
public record CleanRecord(RecordPosition position, Instant eventTime, Map<String, Object> values) {
    public CleanRecord {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(eventTime, "eventTime");
        values = RecordValues.copyOf(values);
    }

    /** As {@link RawRecord#owning}: the record over {@code values} itself, which its caller never changes again. */
    public static CleanRecord owning(RecordPosition position, Instant eventTime, Map<String, Object> values) {
        return new CleanRecord(position, eventTime, RecordValues.owning(values));
    }

    public Object get(String field) {
        return values.get(field);
    }
}
