package dev.tributary.application.port.in;


import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.scaling.FleetSize;
import dev.tributary.domain.scaling.QueueStats;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of the whole pipeline for the people watching it: the backlog in front of every stage, what reached
 * the aggregates in the last minute, freshness per minute, and how many aggregators run. Reads only shared state
 * (queues, ledger, fleet), so every client instance answers the same.
 */
public interface ReadPipelineStatus {

    PipelineStatus read();

    /** The queue in front of each stage, in the order a batch passes them. */
    enum Stage {
        /** Accepted batches waiting for the raw writer. */
        INGEST,
        /** Raw objects waiting for transformation. */
        RAW,
        /** Transformed objects waiting for staging. */
        TRANSFORMED,
        /** Staged objects waiting for the aggregators. */
        STAGED
    }

    record StageBacklog(Stage stage, QueueStats queue) {
        public StageBacklog {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(queue, "queue");
        }
    }

    /**
     * {@code lastMinute} covers the 60 s before {@code at}; {@code perMinute} the last {@code minutes} whole minutes
     * (minutes without batches left out); {@code batchesApplied} every batch in the ledger.
     */
    record PipelineStatus(Instant at, List<StageBacklog> backlog, Activity lastMinute, List<Activity> perMinute,
                          long batchesApplied, FleetSize aggregators) {
        public PipelineStatus {
            Objects.requireNonNull(at, "at");
            backlog = List.copyOf(backlog);
            Objects.requireNonNull(lastMinute, "lastMinute");
            perMinute = List.copyOf(perMinute);
            Objects.requireNonNull(aggregators, "aggregators");
        }
    }
}
