package dev.tributary.application.port.out;

import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where aggregates live (PostgreSQL): one readable table per aggregation. The only way in is {@link #applyAll},
 * which writes the batches' ledger rows and merges their deltas in one transaction, so a batch counts once however
 * often it is delivered (invariant 2).
 */
public interface AggregateStore {

    /**
     * Creates missing tables and columns for the sources' aggregations, with comments people can read; a table of an
     * aggregation none of {@code sources} (every source the pipeline runs) declares any more keeps its rows and is
     * marked as no longer filled. Idempotent.
     */
    void prepare(List<SourceDefinition> sources);

    /**
     * Records which definition of each source the pipeline now runs (for the catalog, for replay and for
     * {@code sources validate}); a source without a version is left as it was.
     */
    void recordVersions(List<SourceDefinition> sources, Map<SourceName, DefinitionVersion> versions);

    /** The definitions recorded by {@link #recordVersions}, by source. */
    Map<SourceName, DefinitionVersion> recordedVersions();

    /**
     * In one transaction for all the batches: inserts the ledger rows of those not in the ledger yet and merges only
     * their deltas. A batch already in the ledger, or listed a second time, changes nothing and says so. One outcome
     * per batch, in the given order; if anything fails, nothing is applied.
     */
    List<LedgerOutcome> applyAll(List<BatchDeltas> batches);

    /**
     * Rows of one aggregation, newest bucket first, at the query's bucket: the aggregation's own, or a coarser one its
     * rows are rolled up to exactly (counts and sums add, min and max keep extremes, averages are weighted by how many
     * values each covers, distinct counts count the distinct values of the whole coarser bucket).
     *
     * @throws IllegalArgumentException for a bucket finer than the aggregation's or a dimension it does not have
     */
    AggregateTable query(AggregationSpec spec, AggregateQuery query);

    /** One batch's ledger row and what it adds to its source's aggregations. */
    record BatchDeltas(AppliedBatch entry, List<AggregateDelta> deltas) {
        public BatchDeltas {
            Objects.requireNonNull(entry, "entry");
            deltas = List.copyOf(deltas);
        }
    }
}
