package dev.tributary.domain.record;

import java.util.Map;
import java.util.Objects;

/**
 * A record as the producer sent it: input names (dotted paths for nested JSON, headers for CSV) to their text.
 * Absent and JSON-null values are simply missing from the map.
 */
public record RawRecord(RecordPosition position, Map<String, String> values) {
    public RawRecord {
        Objects.requireNonNull(position, "position");
        values = RecordValues.copyOf(values);
    }

    /**
     * The record over {@code values} itself, not a copy: for a reader that built the map for this one record and
     * never changes it afterwards (a later change would show in the record). Saves a copy per record decoded.
     */
    public static RawRecord owning(RecordPosition position, Map<String, String> values) {
        return new RawRecord(position, RecordValues.owning(values));
    }

    public String get(String input) {
        return values.get(input);
    }
}
