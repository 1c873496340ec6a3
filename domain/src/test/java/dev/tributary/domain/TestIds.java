package dev.tributary.domain;

import dev.tributary.domain.batch.BatchId;

import java.time.Instant;
import java.util.UUID;

/** UUIDv7 values built by hand: 48-bit epoch millis | version 7 | 12 random bits | variant 10 | 62 random bits. */
public final class TestIds {
    private TestIds() {
    }

    public static UUID v7(long epochMillis, long randA, long randB) {
        if (epochMillis < 0 || epochMillis >= (1L << 48)) {
            throw new IllegalArgumentException("epoch millis must fit 48 bits: " + epochMillis);
        }
        long msb = (epochMillis << 16) | 0x7000L | (randA & 0x0FFFL);
        long lsb = 0x8000_0000_0000_0000L | (randB & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(msb, lsb);
    }

    public static BatchId batchId(Instant at) {
        return new BatchId(v7(at.toEpochMilli(), 0x123, 0x0456_789A_BCDEL));
    }

    public static BatchId batchId(String isoInstant) {
        return batchId(Instant.parse(isoInstant));
    }
}
