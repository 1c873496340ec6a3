package dev.tributary.domain.batch;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A batch's identity and idempotency key end to end (invariant 2): a time-ordered UUIDv7. Its own timestamp, not
 * the clock at write time, chooses the lake partition, so a redelivered batch rewrites the same objects.
 */
public record BatchId(UUID value) implements Comparable<BatchId> {

    public BatchId {
        Objects.requireNonNull(value, "value");
        if (value.version() != 7) {
            throw new IllegalArgumentException("batch id must be a UUIDv7: " + value);
        }
    }

    public static BatchId parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return new BatchId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a batch id (UUIDv7): '" + text + "'", e);
        }
    }

    /** The instant encoded in the id's first 48 bits (Unix epoch milliseconds). */
    public Instant timestamp() {
        return Instant.ofEpochMilli(value.getMostSignificantBits() >>> 16);
    }

    @Override
    public int compareTo(BatchId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
