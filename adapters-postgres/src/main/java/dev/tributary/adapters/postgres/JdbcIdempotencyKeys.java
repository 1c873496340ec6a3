package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Idempotency keys in PostgreSQL (RDS), shared by every ingest instance: one upsert per key
 * ({@link IdempotencyKeyRepository#remember}) decides atomically whether the key is new (or expired, then it takes
 * the candidate) or already maps to a batch, and returns that batch id. Keys arrive as their SHA-256 only. The table
 * is {@link JdbcSchema}'s to migrate.
 */
public final class JdbcIdempotencyKeys implements IdempotencyKeys {
    private final IdempotencyKeyRepository keys;
    private final Duration retention;
    private final Clock clock;

    public JdbcIdempotencyKeys(IdempotencyKeyRepository keys, Duration retention, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public BatchId remember(SourceName source, KeyDigest key, BatchId candidate) {
        Instant now = clock.instant();
        return DatabaseCalls.call("idempotency keys", () -> new BatchId(
                keys.remember(source.value(), key.hex(), candidate.value(), now, now.minus(retention))));
    }
}
