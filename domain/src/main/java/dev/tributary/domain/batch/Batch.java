package dev.tributary.domain.batch;

import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceName;

import java.time.Instant;
import java.util.Objects;

/** One accepted post: the bytes exactly as received plus what ingest learned about them. */
public record Batch(BatchId id, SourceName source, InputFormat format, Instant receivedAt, int recordCount,
                    byte[] payload) {

    public Batch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payload, "payload");
        if (recordCount < 0) {
            throw new IllegalArgumentException("recordCount must be >= 0: " + recordCount);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Batch b && id.equals(b.id) && source.equals(b.source) && format == b.format
                && receivedAt.equals(b.receivedAt) && recordCount == b.recordCount
                && java.util.Arrays.equals(payload, b.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, source, format, receivedAt, recordCount, java.util.Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Batch[" + id + ", " + source + ", " + format + ", " + recordCount + " records, " + payload.length + " bytes]";
    }
}
