package dev.tributary.application.port.out;

import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.lake.UnknownField;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.source.SourceName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record of every batch that reached the aggregates: written only by {@link AggregateStore#apply} in the same
 * transaction as the upserts, read here for lineage, freshness and the exactly-once check.
 */
public interface AppliedBatchLedger {

    /** Batches applied, for one source or all. */
    long count(Optional<SourceName> source);

    /**
     * Lineage candidates: batches of one source that may hold records with event times in [from, to), oldest received
     * first, at most {@code limit}. A batch qualifies when its {@link EventRange} overlaps [from, to), however long
     * after its events it was received (late data, redrives). A batch without an event range qualifies when it was
     * received in [from, receivedUntil), unless it is known to have had no clean record: that is the only guess
     * left for batches applied before the ledger recorded event times.
     */
    List<AppliedBatch> withEventsBetween(SourceName source, Instant from, Instant to, Instant receivedUntil, int limit);

    /**
     * Batches aggregated in [from, to), grouped into consecutive buckets of {@code step} counted from {@code from},
     * oldest first; buckets without batches are left out. Freshness is received → aggregated per batch.
     */
    List<Activity> activity(Instant from, Instant to, Duration step);

    /**
     * Fields producers sent that their source does not declare, counted over the batches applied (each batch once,
     * in its ledger transaction), for one source or all, the most recently seen first.
     */
    List<UnknownField> unknownFields(Optional<SourceName> source);
}
