package dev.tributary.application.port.out;

import dev.tributary.application.port.out.AggregateStore.BatchDeltas;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.TableDiff;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Aggregate tables rebuilt beside the live ones (replay, invariant 6). A rebuild starts empty, takes batches' deltas
 * in transactions that also record the batches as done (so a rebuild interrupted by a crash resumes where its last
 * transaction ended), and replaces the live tables in one transaction: readers see the old rows or the new ones,
 * never a half-rebuilt table, and batches the live aggregators applied meanwhile are added in that same transaction,
 * so each counts exactly once.
 */
public interface AggregateRebuilds {

    /**
     * Starts the rebuild {@code id} of {@code tables} (aggregations of {@code source}), or resumes it when it exists.
     * Returns the batches it holds already.
     */
    List<BatchId> open(String id, SourceDefinition source, List<AggregationSpec> tables);

    /**
     * Batches of {@code source} the ledger holds and the rebuild does not, oldest first, at most {@code limit}, each
     * with the definition version its records were cleaned with (null before versions were recorded).
     */
    List<Missing> missing(String id, SourceName source, int limit);

    /**
     * As {@link #missing(String, SourceName, int)}, of the batches whose ids sort after {@code after} only: the next
     * page while earlier pages are still being added.
     */
    List<Missing> missing(String id, SourceName source, BatchId after, int limit);

    /** A definition of {@code source} a pipeline ran, by version; empty for a version never recorded. */
    Optional<DefinitionVersion> definition(SourceName source, String version);

    /** Adds the batches' deltas to the rebuild and records them as done, in one transaction; a batch done is skipped. */
    void add(String id, List<AggregationSpec> tables, List<BatchDeltas> batches);

    /** Per table: how the rebuild differs from the live table. */
    List<TableDiff> diff(String id, List<AggregationSpec> tables);

    /**
     * In one transaction: stops the live aggregators' writes to the tables, adds what {@code catchUp} folds for the
     * batches still missing, puts the rebuilt tables in place of the live ones, records in the ledger the counts and
     * the definition version each batch was rebuilt with, and removes the rebuild. Returns how many batches were caught up and
     * the difference of each table as it was switched (the caught-up batches included).
     */
    Switched switchOver(String id, SourceName source, List<AggregationSpec> tables,
                        Function<List<Missing>, List<BatchDeltas>> catchUp);

    /** A batch the rebuild lacks, and the definition version its staged records were cleaned with (or null). */
    record Missing(BatchId batch, String definitionVersion) {
        public Missing {
            java.util.Objects.requireNonNull(batch, "batch");
        }
    }

    /** Removes the rebuild, if there is one; the live tables stay as they are. */
    void discard(String id, List<AggregationSpec> tables);

    /** What a switch-over did. */
    record Switched(int caughtUp, List<TableDiff> tables) {
        public Switched {
            tables = List.copyOf(tables);
        }
    }
}
