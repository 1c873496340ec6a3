package dev.tributary.domain.lake;

import java.time.Instant;
import java.util.Objects;

/**
 * One applied batch: its lineage, the objects it came from, when the aggregator applied it and the event times its
 * clean records span ({@code events} is null for a batch without clean records, or applied before the ledger
 * recorded event times).
 */
public record AppliedBatch(Lineage lineage, String rawObject, String stagedObject, Instant aggregatedAt, EventRange events) {
    public AppliedBatch {
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(rawObject, "rawObject");
        Objects.requireNonNull(stagedObject, "stagedObject");
        Objects.requireNonNull(aggregatedAt, "aggregatedAt");
    }

    /** A batch whose event times are not known. */
    public AppliedBatch(Lineage lineage, String rawObject, String stagedObject, Instant aggregatedAt) {
        this(lineage, rawObject, stagedObject, aggregatedAt, null);
    }
}
