package dev.tributary.domain.lake;

import java.time.Instant;
import java.util.Objects;

/**
 * One applied batch: its lineage, the objects it came from, when the aggregator applied it, the event times its
 * clean records span ({@code events} is null for a batch without clean records, or applied before the ledger
 * recorded event times) and the version of the source definition it was aggregated with ({@code definitionVersion}
 * is null when unknown: applied before versions were recorded, or by a catalog without versions).
 */
public record AppliedBatch(Lineage lineage, String rawObject, String stagedObject, Instant aggregatedAt, EventRange events,
                           String definitionVersion) {
    public AppliedBatch {
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(rawObject, "rawObject");
        Objects.requireNonNull(stagedObject, "stagedObject");
        Objects.requireNonNull(aggregatedAt, "aggregatedAt");
    }

    /** A batch whose definition version is not known. */
    public AppliedBatch(Lineage lineage, String rawObject, String stagedObject, Instant aggregatedAt, EventRange events) {
        this(lineage, rawObject, stagedObject, aggregatedAt, events, null);
    }

    /** A batch whose event times and definition version are not known. */
    public AppliedBatch(Lineage lineage, String rawObject, String stagedObject, Instant aggregatedAt) {
        this(lineage, rawObject, stagedObject, aggregatedAt, null, null);
    }
}
