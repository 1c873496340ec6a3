package dev.tributary.adapters.postgres;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code idempotency_keys} (V3__idempotency_keys.sql): which batch a producer's key got, and when. */
@MappedEntity(value = "idempotency_keys", schema = JdbcSchema.INTERNAL)
public record IdempotencyKeyRow(@EmbeddedId Key key, UUID batchId, Instant rememberedAt) {

    /** A key is the SHA-256 of the producer's Idempotency-Key header, per source; the key itself is never stored. */
    @Embeddable
    public record Key(@MappedProperty("source") String source, @MappedProperty("key_sha256") String keySha256) {
    }
}
