package dev.tributary.application.port.out;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.source.SourceName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of every batch that reached the aggregates: written only by {@link AggregateStore#apply} in the same
 * transaction as the upserts, read here for lineage, freshness and the exactly-once check.
 */
public interface AppliedBatchLedger {

    Optional<Entry> find(BatchId batch);

    /** Batches applied, for one source or all. */
    long count(Optional<SourceName> source);

    /** The most recently applied batches, newest first. */
    List<Entry> recent(int limit);

    /** Batches of one source received in [from, to), oldest first, at most {@code limit}: lineage candidates. */
    List<Entry> receivedBetween(SourceName source, Instant from, Instant to, int limit);

    /**
     * Batches aggregated in [from, to), grouped into consecutive buckets of {@code step} counted from {@code from},
     * oldest first; buckets without batches are left out. Freshness is received → aggregated per batch.
     */
    List<Activity> activity(Instant from, Instant to, Duration step);

    /** What reached the aggregates in one time bucket: batches, their records (as received and rejected) and freshness. */
    record Activity(Instant from, long batches, long records, long rejected, Duration freshnessP50,
                    Duration freshnessP99) {
        public Activity {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(freshnessP50, "freshnessP50");
            Objects.requireNonNull(freshnessP99, "freshnessP99");
        }
    }

    /** One applied batch: its lineage, the objects it came from and when the aggregator applied it. */
    record Entry(Lineage lineage, String rawObject, String stagedObject, Instant aggregatedAt) {
        public Entry {
            Objects.requireNonNull(lineage, "lineage");
            Objects.requireNonNull(rawObject, "rawObject");
            Objects.requireNonNull(stagedObject, "stagedObject");
            Objects.requireNonNull(aggregatedAt, "aggregatedAt");
        }
    }
}
