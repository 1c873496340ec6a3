package dev.tributary.domain.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record as the producer sent it: input names (dotted paths for nested JSON, headers for CSV) to their text.
 * Absent and JSON-null values are simply missing from the map.
 */
public record RawRecord(RecordPosition position, Map<String, String> values) {
    public RawRecord {
        Objects.requireNonNull(position, "position");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }

    public String get(String input) {
        return values.get(input);
    }
}
