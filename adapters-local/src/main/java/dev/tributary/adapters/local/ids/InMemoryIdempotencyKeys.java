package dev.tributary.adapters.local.ids;

import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Idempotency keys for fast tests: remembered for the life of the object. */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {
    private final Map<String, BatchId> entries = new ConcurrentHashMap<>();

    @Override
    public BatchId remember(SourceName source, KeyDigest key, BatchId candidate) {
        return entries.computeIfAbsent(source.value() + " " + key.hex(), k -> candidate);
    }
}
