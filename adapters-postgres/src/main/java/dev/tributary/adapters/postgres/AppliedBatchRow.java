package dev.tributary.adapters.postgres;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code applied_batches} (V1__applied_batches.sql, V4__applied_batches_event_times.sql, V5__reports_and_internals.sql): a batch that
 * reached the aggregates, with its lineage. Counts and times a stage has not recorded are {@code null}.
 */
@MappedEntity(value = "applied_batches", schema = JdbcSchema.INTERNAL)
public record AppliedBatchRow(
        @Id UUID batchId,
        String source,
        @Nullable Integer rawRecords,
        @Nullable Integer cleanRecords,
        @Nullable Integer rejectedRecords,
        Instant receivedAt,
        @Nullable Instant rawWrittenAt,
        @Nullable Instant transformedAt,
        @Nullable Instant stagedAt,
        Instant aggregatedAt,
        @Nullable Integer schemaVersion,
        String rawObject,
        String stagedObject,
        @Nullable Instant firstEventAt,
        @Nullable Instant lastEventAt,
        @Nullable String definitionVersion) {
}
