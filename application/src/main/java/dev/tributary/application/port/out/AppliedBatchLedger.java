package dev.tributary.application.port.out;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.record.CleanRecord;
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

    /**
     * Lineage candidates: batches of one source that may hold records with event times in [from, to), oldest received
     * first, at most {@code limit}. A batch qualifies when its {@link EventRange} overlaps [from, to), however long
     * after its events it was received (late data, redrives). A batch without an event range qualifies when it was
     * received in [from, receivedUntil), unless it is known to have had no clean record: that is the only guess
     * left for batches applied before the ledger recorded event times.
     */
    List<Entry> withEventsBetween(SourceName source, Instant from, Instant to, Instant receivedUntil, int limit);

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

    /**
     * One applied batch: its lineage, the objects it came from, when the aggregator applied it and the event times its
     * clean records span ({@code events} is null for a batch without clean records, or applied before the ledger
     * recorded event times).
     */
    record Entry(Lineage lineage, String rawObject, String stagedObject, Instant aggregatedAt, EventRange events) {
        public Entry {
            Objects.requireNonNull(lineage, "lineage");
            Objects.requireNonNull(rawObject, "rawObject");
            Objects.requireNonNull(stagedObject, "stagedObject");
            Objects.requireNonNull(aggregatedAt, "aggregatedAt");
        }

        /** A batch whose event times are not known. */
        public Entry(Lineage lineage, String rawObject, String stagedObject, Instant aggregatedAt) {
            this(lineage, rawObject, stagedObject, aggregatedAt, null);
        }
    }

    /** The earliest and the latest event time of a batch's clean records, both included. */
    record EventRange(Instant first, Instant last) {
        public EventRange {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("event range ends before it starts: " + first + " .. " + last);
            }
        }

        /** The range of the records' event times; empty when there are no records. */
        public static Optional<EventRange> of(List<CleanRecord> records) {
            Instant first = null;
            Instant last = null;
            for (CleanRecord r : records) {
                first = first == null || r.eventTime().isBefore(first) ? r.eventTime() : first;
                last = last == null || r.eventTime().isAfter(last) ? r.eventTime() : last;
            }
            return first == null ? Optional.empty() : Optional.of(new EventRange(first, last));
        }

        /** Whether some instant of this range lies in [from, to). */
        public boolean overlaps(Instant from, Instant to) {
            return first.isBefore(to) && !last.isBefore(from);
        }
    }
}
