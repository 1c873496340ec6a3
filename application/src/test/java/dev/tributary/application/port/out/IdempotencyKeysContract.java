package dev.tributary.application.port.out;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link IdempotencyKeys} adapter promises. */
public abstract class IdempotencyKeysContract {
    protected static final SourceName ORDERS = new SourceName("orders");
    protected static final SourceName CLICKS = new SourceName("clicks");

    protected abstract IdempotencyKeys newKeys();

    /** The same n always gives the same UUIDv7 (millis from 2026-11-24T10:00Z + n, version 7, variant 10). */
    protected static BatchId id(int n) {
        long millis = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli() + n;
        return new BatchId(new java.util.UUID((millis << 16) | 0x7000L, 0x8000_0000_0000_0000L | n));
    }

    @Test
    void aNewKeyGetsTheCandidate() {
        IdempotencyKeys keys = newKeys();

        assertThat(keys.remember(ORDERS, KeyDigest.of("order-42"), id(1))).isEqualTo(id(1));
    }

    @Test
    void theSameKeyForTheSameSourceGetsTheFirstBatchIdAgain() {
        IdempotencyKeys keys = newKeys();
        keys.remember(ORDERS, KeyDigest.of("order-42"), id(1));

        assertThat(keys.remember(ORDERS, KeyDigest.of("order-42"), id(2))).isEqualTo(id(1));
    }

    @Test
    void keysAreScopedBySource() {
        IdempotencyKeys keys = newKeys();
        keys.remember(ORDERS, KeyDigest.of("k"), id(1));

        assertThat(keys.remember(CLICKS, KeyDigest.of("k"), id(2))).isEqualTo(id(2));
    }

    @Test
    void concurrentRetriesOfOneKeyAllGetOneBatchId() throws Exception {
        IdempotencyKeys keys = newKeys();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<BatchId>> retries = IntStream.range(0, 32)
                    .mapToObj(i -> (Callable<BatchId>) () -> keys.remember(ORDERS, KeyDigest.of("same"), id(i))).toList();
            Set<BatchId> seen = ConcurrentHashMap.newKeySet();
            for (Future<BatchId> f : pool.invokeAll(retries)) {
                seen.add(f.get());
            }

            assertThat(seen).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
