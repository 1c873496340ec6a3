package dev.tributary.application.port.out;

import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.source.SourceDefinition;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where aggregates live (PostgreSQL): one readable table per aggregation. The only way in is {@link #applyAll}
 * (or {@link #apply} for one batch), which writes the batches' ledger rows and merges their deltas in one
 * transaction, so a batch counts once however often it is delivered (invariant 2).
 */
public interface AggregateStore {

    /** Creates missing tables and columns for the sources' aggregations, with comments people can read. Idempotent. */
    void prepare(List<SourceDefinition> sources);

    /**
     * In one transaction: inserts the ledger row and merges every delta. If the batch is already in the ledger,
     * changes nothing and says so.
     */
    default LedgerOutcome apply(AppliedBatchLedger.Entry entry, List<AggregateDelta> deltas) {
        return applyAll(List.of(new BatchDeltas(entry, deltas))).get(0);
    }

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
    record BatchDeltas(AppliedBatchLedger.Entry entry, List<AggregateDelta> deltas) {
        public BatchDeltas {
            Objects.requireNonNull(entry, "entry");
            deltas = List.copyOf(deltas);
        }
    }

    sealed interface LedgerOutcome {
        record Applied() implements LedgerOutcome {}

        record AlreadyApplied(Instant firstAppliedAt) implements LedgerOutcome {}
    }

    /**
     * Buckets starting in [from, to), rows whose dimension columns equal the given values, at most {@code limit} rows,
     * per {@code bucket} (empty: the aggregation's own bucket). With a coarser bucket, range and limit apply to the
     * rolled-up rows, so a day that starts before {@code from} is left out rather than shown in part.
     */
    record AggregateQuery(Instant from, Instant to, Map<String, String> dimensions, int limit,
                          Optional<Bucket> bucket) {
        public AggregateQuery {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            dimensions = Map.copyOf(Objects.requireNonNull(dimensions, "dimensions"));
            Objects.requireNonNull(bucket, "bucket");
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1: " + limit);
            }
        }

        /** At the aggregation's own bucket. */
        public AggregateQuery(Instant from, Instant to, Map<String, String> dimensions, int limit) {
            this(from, to, dimensions, limit, Optional.empty());
        }

        public static AggregateQuery latest(int limit) {
            return new AggregateQuery(Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z"), Map.of(), limit);
        }

        /** The same query rolled up to {@code coarser}. */
        public AggregateQuery per(Bucket coarser) {
            return new AggregateQuery(from, to, dimensions, limit, Optional.of(coarser));
        }

        /** The bucket rows come in for {@code spec}; refuses one finer than the aggregation's own. */
        public Bucket bucketOf(AggregationSpec spec) {
            Bucket b = bucket.orElse(spec.bucket());
            if (b.compareTo(spec.bucket()) < 0) {
                throw new IllegalArgumentException("aggregation '" + spec.table() + "' counts per "
                        + spec.bucket().column() + " and cannot be read per " + b.column());
            }
            return b;
        }
    }

    /** Column names as in PostgreSQL, then rows of values (Instant, String, Long, BigDecimal). */
    record AggregateTable(List<String> columns, List<List<Object>> rows) {
        public AggregateTable {
            columns = List.copyOf(columns);
            rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
        }
    }
}
