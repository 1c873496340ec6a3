package dev.tributary.bootstrap.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * What a load generator posts to one source, and where the checker finds it counted again. Every record carries a
 * <em>marker</em>, a number no other record of the run has, written as its event time: marker {@code m} is the minute
 * {@link #minute(long) BASE + m}. An aggregation by minute with a count measure then has, for each marker, a row
 * whose count says how often that record was counted: 1 is right, 0 is lost, 2 or more is double-counted.
 *
 * @param source      the source posted to
 * @param contentType the posts' content type
 * @param table       an aggregation of the source bucketed by minute, with a count measure
 * @param countColumn the count measure's column
 * @param dimension   a dimension column and value the records all carry, when the table has dimensions
 * @param record      renders the record of a marker (one JSON object, no line break)
 * @param array       true for a JSON-array body, false for NDJSON
 */
public record Feed(String source, String contentType, String table, String countColumn,
                   Optional<Dimension> dimension, LongFunction<String> record, boolean array) {
    /** Markers are minutes after this instant, far from any real data a test also posts. */
    public static final Instant BASE = Instant.parse("2031-01-01T00:00:00Z");
    /** Markers a scenario may use; scenarios of one run take different blocks ({@link #firstMarker}). */
    public static final long BLOCK = 100_000;

    /** A dimension column of the table and the value every record of the feed has in it. */
    public record Dimension(String column, String value) {}

    public Feed {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(dimension, "dimension");
    }

    /** The first marker of scenario {@code n} (0, 1, 2, …) of a run. */
    public static long firstMarker(int n) {
        return n * BLOCK;
    }

    public static Instant minute(long marker) {
        return BASE.plusSeconds(60 * marker);
    }

    /** The body of one post: a record per marker, {@code first} to {@code first + count - 1}. */
    public String body(long first, int count) {
        List<String> records = new ArrayList<>(count);
        for (long m = first; m < first + count; m++) {
            records.add(record.apply(m));
        }
        return array ? "[" + String.join(",", records) + "]" : String.join("\n", records) + "\n";
    }

    /**
     * The end-to-end test source {@code sensor_readings} (bootstrap's {@code e2e-sources}): NDJSON, counted per minute
     * and sensor in {@code temperature_per_minute_by_sensor}.
     */
    public static Feed sensorReadings(String sensor) {
        return new Feed("sensor_readings", "application/x-ndjson", "temperature_per_minute_by_sensor", "readings",
                Optional.of(new Dimension("sensor_id", sensor)),
                m -> "{\"sensor_id\":\"" + sensor + "\",\"temperature_f\":50,\"read_at\":" + minute(m).toEpochMilli()
                        + "}", false);
    }

    /**
     * The shipped source {@code orders}: a JSON array, counted per minute in {@code orders_per_minute}. Order ids are
     * unique within a scenario's block, as the source's dedupe key asks within a batch.
     */
    public static Feed orders() {
        return new Feed("orders", "application/json", "orders_per_minute", "orders", Optional.empty(),
                m -> "{\"order_id\":\"ORD-%06d\",\"customer\":{\"id\":\"fault-suite\"},\"shipping\":{\"country\":\"DE\"},"
                        .formatted(m % 1_000_000) + "\"items\":1,\"amount_cents\":100,\"ordered_at\":\"" + minute(m)
                        + "\"}", true);
    }
}
