package dev.tributary.domain.batch;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A batch's identity and idempotency key end to end (invariant 2): a time-ordered UUIDv7. Its own timestamp, not
 * the clock at write time, chooses the lake partition, so a redelivered batch rewrites the same objects.
 */
public record BatchId(UUID value) implements Comparable<BatchId> {
    /** The last instant whose partition day has a four-digit year, as the lake layout and query engines expect. */
    public static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final int CANONICAL_LENGTH = 36;
    private static final int RFC_VARIANT = 2;

    public BatchId {
        Objects.requireNonNull(value, "value");
        if (value.version() != 7 || value.variant() != RFC_VARIANT) {
            throw new IllegalArgumentException("batch id must be a UUIDv7: " + value);
        }
        if ((value.getMostSignificantBits() >>> 16) > MAX_TIMESTAMP.toEpochMilli()) {
            throw new IllegalArgumentException("batch id timestamp is after year 9999: " + value);
        }
    }

    public static BatchId parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != CANONICAL_LENGTH) { // UUID.fromString also takes short forms such as "1-1-7000-8000-1"
            throw new IllegalArgumentException("not a batch id (UUIDv7): '" + text + "'");
        }
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
        // UUID.compareTo compares signed longs, which misorders ids from 2^47 ms (year 6429) on
        int high = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
        return high != 0 ? high
                : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
