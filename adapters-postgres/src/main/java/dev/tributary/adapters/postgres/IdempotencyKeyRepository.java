package dev.tributary.adapters.postgres;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.Repository;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.UUID;

/** The idempotency keys' one query. */
@JdbcRepository(dialect = Dialect.POSTGRES)
@Repository(JdbcSchema.DATA_SOURCE)
public interface IdempotencyKeyRepository extends GenericRepository<IdempotencyKeyRow, IdempotencyKeyRow.Key> {

    /**
     * One upsert decides atomically: a new key, or one remembered before {@code expiredBefore}, takes the
     * candidate; a key still remembered keeps its batch. Returns the key's batch after the statement.
     */
    @Query(value = """
            INSERT INTO tributary.idempotency_keys AS k (source, key_sha256, batch_id, remembered_at)
            VALUES (:source, :keySha256, :candidate, :now)
            ON CONFLICT (source, key_sha256) DO UPDATE SET
                batch_id = CASE WHEN k.remembered_at < CAST(:expiredBefore AS timestamptz)
                                THEN excluded.batch_id ELSE k.batch_id END,
                remembered_at = CASE WHEN k.remembered_at < CAST(:expiredBefore AS timestamptz)
                                     THEN excluded.remembered_at ELSE k.remembered_at END
            RETURNING batch_id""", nativeQuery = true)
    UUID remember(String source, String keySha256, UUID candidate, Instant now, Instant expiredBefore);
}
