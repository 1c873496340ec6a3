package dev.tributary.application.port.in;

import dev.tributary.application.refusal.UnknownAggregationException;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.source.SourceName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lineage of one aggregate row (invariant 7): the batches, with their raw and staged objects, whose records were
 * folded into the row of {@code bucket} and the given dimension values. Candidates are the source's batches whose
 * records' event times span part of the bucket, however late they were received (late data, redrives); each is
 * confirmed by re-aggregating its staged object.
 */
public interface TraceAggregateRow {
    /**
     * For batches applied before the ledger recorded event times only: they are candidates when received from the
     * bucket's start until this long after its end.
     */
    Duration GRACE = Duration.ofMinutes(15);

    /** @throws UnknownSourceException or UnknownAggregationException for names the catalog does not have */
    RowLineage trace(SourceName source, String aggregation, Instant bucket, Map<String, String> dimensions);

    /** {@code complete} is false when more candidates existed than were examined (the oldest received are examined). */
    record RowLineage(List<Contribution> contributions, int examined, boolean complete) {
        public RowLineage {
            contributions = List.copyOf(contributions);
        }
    }

    /** One batch that contributed {@code records} records to the row. */
    record Contribution(AppliedBatch batch, long records) {
        public Contribution {
            Objects.requireNonNull(batch, "batch");
        }
    }
}
