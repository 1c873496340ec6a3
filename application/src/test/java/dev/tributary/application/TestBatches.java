package dev.tributary.application;

import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceName;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Batches and object keys for tests: real UUIDv7 batch ids, small NDJSON payloads of the {@code orders} source. */
public final class TestBatches {
    public static final SourceName ORDERS = new SourceName("orders");
    /** A fixed instant (2026-03-14T15:09:26Z) so partitions are predictable. */
    public static final Instant AT = Instant.parse("2026-03-14T15:09:26Z");

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private TestBatches() {
    }

    /** An NDJSON batch of {@code records} orders with a fresh batch id stamped at {@link #AT}. */
    public static Batch orders(int records) {
        return orders(records, AT);
    }

    public static Batch orders(int records, Instant at) {
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < records; i++) {
            payload.append("{\"order_id\":\"o-").append(i).append("\",\"amount\":").append(10 + i).append("}\n");
        }
        return new Batch(batchIdAt(at), ORDERS, InputFormat.NDJSON, at, records,
                payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The raw object key of a fresh batch of {@code source} stamped at {@code at}. */
    public static ObjectKey rawKey(SourceName source, Instant at) {
        return ObjectKey.raw(source, batchIdAt(at), InputFormat.NDJSON);
    }

    public static ObjectKey rawKey() {
        return rawKey(ORDERS, AT);
    }

    /**
     * A UUIDv7 built by hand (RFC 9562): 48-bit Unix epoch millis, version nibble 7, 12 bits of a per-JVM sequence
     * (so ids made in one millisecond still sort in creation order), variant bits {@code 10}, 62 random bits.
     */
    public static BatchId batchIdAt(Instant at) {
        long millis = at.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long sequence = SEQUENCE.getAndIncrement() & 0xFFFL;
        long msb = (millis << 16) | (0x7L << 12) | sequence;
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new BatchId(new UUID(msb, lsb));
    }
}
