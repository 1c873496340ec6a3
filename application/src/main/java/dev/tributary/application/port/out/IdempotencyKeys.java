package dev.tributary.application.port.out;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;

/**
 * Remembers which batch id a producer's {@code Idempotency-Key} got (invariant 2): the same key for the same source
 * maps to the same batch id for the whole retention window, so a retry — seconds or days later — re-publishes the
 * first batch id and the ledger counts it once. Adapters only ever see the key's {@link KeyDigest}: a key can be
 * matched, never read back.
 */
public interface IdempotencyKeys {

    /**
     * Returns the batch id already remembered for this source and key, or remembers {@code candidate} and returns it.
     * Atomic per (source, key); the mapping is durable when this returns.
     */
    BatchId remember(SourceName source, KeyDigest key, BatchId candidate);
}
