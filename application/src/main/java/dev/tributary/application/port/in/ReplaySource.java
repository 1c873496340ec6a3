package dev.tributary.application.port.in;

import dev.tributary.application.refusal.InvalidReplayWindowException;
import dev.tributary.domain.aggregation.TableDiff;
import dev.tributary.domain.source.SourceName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Recomputes a source's history with its current definition (invariant 6): the transformed and staged objects of the
 * batches received in the window, from raw, and its aggregate tables from every batch the ledger holds, rebuilt beside
 * the live tables and switched over in one transaction. Live traffic keeps flowing; batches applied meanwhile count
 * once. Run again with the same request after a crash, it resumes where it stopped and ends with the same result.
 */
public interface ReplaySource {

    /**
     * @throws dev.tributary.application.refusal.UnknownSourceException when the catalog has no such source
     * @throws dev.tributary.application.refusal.UnknownAggregationException when the source has no such aggregation
     */
    ReplayReport replay(ReplayRequest request, Progress progress);

    /**
     * @param from        first receive time whose batches are transformed and staged again; empty: from the start
     * @param to          end (exclusive) of that window; empty: up to now
     * @param aggregation only that aggregate table; empty: all of the source's
     * @param dryRun      compute and report the difference, but keep the live tables
     * @throws InvalidReplayWindowException when both ends are given and {@code from} is not before {@code to}
     */
    record ReplayRequest(SourceName source, Optional<Instant> from, Optional<Instant> to, Optional<String> aggregation,
                         boolean dryRun) {
        public ReplayRequest {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(aggregation, "aggregation");
            if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
                throw new InvalidReplayWindowException(from.get(), to.get());
            }
        }

        /** Whether the batch received at {@code received} is transformed and staged again. */
        public boolean covers(Instant received) {
            return from.map(f -> !received.isBefore(f)).orElse(true) && to.map(received::isBefore).orElse(true);
        }
    }

    /** Told after every group of batches: how many are rebuilt, how many are known so far, their records. */
    @FunctionalInterface
    interface Progress {
        void update(long batchesDone, long batchesKnown, long records);
    }

    /**
     * What a replay did: the definition version it used, the batches and records it read, how many of them it
     * transformed and staged again, how many it caught up at the switch, how long it took and the difference per
     * table; {@code switched} is false for a dry run.
     */
    record ReplayReport(SourceName source, String version, long batches, long records, long transformed,
                        int caughtUp, Duration took, List<TableDiff> tables, boolean switched) {
        public ReplayReport {
            tables = List.copyOf(tables);
        }

        /** Records read per second, the figure to compare with the ingest rate. */
        public double recordsPerSecond() {
            return took.isZero() ? 0 : records * 1000.0 / Math.max(1, took.toMillis());
        }
    }
}
