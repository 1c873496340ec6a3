package dev.tributary.adapters.postgres;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.Repository;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The applied-batch ledger's queries. Writes happen only inside {@link JdbcAggregateStore}'s transaction, so a
 * batch's row commits with its aggregate upserts or not at all.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
@Repository(JdbcSchema.DATA_SOURCE)
public interface AppliedBatchRepository extends GenericRepository<AppliedBatchRow, UUID> {

    /** When each of these batches was applied, for those the ledger holds. */
    List<AppliedAt> findByBatchIdIn(Collection<UUID> batchIds);

    /** One batched insert; a batch already there fails it with a unique violation (the caller retries). */
    List<AppliedBatchRow> saveAll(Iterable<AppliedBatchRow> rows);

    long count();

    long countBySource(String source);

    /** Two index scans: the event-time ranges (GiST, V4) and, for batches without one, the receive times (V2). */
    @Query(value = """
            SELECT * FROM (
                SELECT * FROM tributary.applied_batches WHERE source = :source AND first_event_at IS NOT NULL
                  AND tstzrange(first_event_at, last_event_at, '[]')
                      && tstzrange(CAST(:from AS timestamptz), CAST(:to AS timestamptz), '[)')
                UNION ALL
                SELECT * FROM tributary.applied_batches WHERE source = :source AND first_event_at IS NULL
                  AND coalesce(clean_records, 1) <> 0
                  AND received_at >= CAST(:from AS timestamptz) AND received_at < CAST(:receivedUntil AS timestamptz)
            ) candidates ORDER BY received_at, batch_id LIMIT :limit""", nativeQuery = true)
    List<AppliedBatchRow> withEventsBetween(String source, Instant from, Instant to, Instant receivedUntil, int limit);

    /** Batches aggregated in [from, to) by step, with their record counts and freshness percentiles in seconds. */
    @Query(value = """
            SELECT CAST(floor(extract(epoch FROM aggregated_at - CAST(:from AS timestamptz)) * 1000 / :stepMillis)
                        AS bigint) AS bucket,
                   count(*) AS batches,
                   coalesce(sum(raw_records), 0) AS records,
                   coalesce(sum(rejected_records), 0) AS rejected,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM aggregated_at - received_at))
                       AS freshness_p50,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM aggregated_at - received_at))
                       AS freshness_p99
            FROM tributary.applied_batches
            WHERE aggregated_at >= CAST(:from AS timestamptz) AND aggregated_at < CAST(:to AS timestamptz)
            GROUP BY 1 ORDER BY 1""", nativeQuery = true)
    List<ActivityRow> activity(Instant from, Instant to, long stepMillis);

    /** The undeclared fields counted, newest first; {@code source} null for every source. */
    @Query(value = """
            SELECT source, field, records, first_seen, last_seen FROM tributary.unknown_fields
            WHERE CAST(:source AS text) IS NULL OR source = :source ORDER BY last_seen DESC, source, field
            LIMIT 1000""", nativeQuery = true)
    List<UnknownFieldRow> unknownFields(@io.micronaut.core.annotation.Nullable String source);

    /** One row of {@code unknown_fields} (V6__unknown_fields.sql). */
    @Introspected
    record UnknownFieldRow(String source, String field, long records, Instant firstSeen, Instant lastSeen) {
    }

    /** A ledger row's batch and when it was applied. */
    @Introspected
    record AppliedAt(UUID batchId, Instant aggregatedAt) {
    }

    /** One step of {@link #activity}: its index from {@code from}, batches, records, rejected, freshness p50/p99. */
    @Introspected
    record ActivityRow(long bucket, long batches, long records, long rejected, double freshnessP50,
                       double freshnessP99) {
    }
}
