package dev.tributary.application.port.in;


import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.scaling.FleetSize;
import dev.tributary.domain.scaling.Outage;
import dev.tributary.domain.scaling.QueueStats;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of the whole pipeline for the people watching it: the backlog in front of every stage, what reached
 * the aggregates in the last minute, freshness per minute, and how many aggregators run. Reads only shared state
 * (queues, ledger, fleet), so every client instance answers the same. It answers during an outage too: what can be
 * read is served, what cannot is left empty and named in {@link PipelineStatus#unreadable}, and the dependencies
 * found down are listed with the moment they went down.
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

    /** A part of the status that comes from one place and is served or left out as a whole. */
    enum Part {
        /** The queue in front of each stage (one {@link StageBacklog} per stage). */
        INGEST_BACKLOG, RAW_BACKLOG, TRANSFORMED_BACKLOG, STAGED_BACKLOG,
        /** {@code lastMinute}, {@code perMinute} and {@code batchesApplied}: read from the applied-batch ledger. */
        LEDGER;

        public static Part backlogOf(Stage stage) {
            return valueOf(stage.name() + "_BACKLOG");
        }
    }

    /**
     * {@code lastMinute} covers the 60 s before {@code at}; {@code perMinute} the last {@code minutes} whole minutes
     * (minutes without batches left out); {@code batchesApplied} every batch in the ledger. The three are empty when
     * the ledger cannot be read, and a stage's backlog is missing when its queue cannot be: {@code unreadable} names
     * those parts, and {@code outages} the dependencies found down.
     */
    record PipelineStatus(Instant at, List<StageBacklog> backlog, Optional<Activity> lastMinute,
                          List<Activity> perMinute, OptionalLong batchesApplied, FleetSize aggregators,
                          List<Outage> outages, List<Part> unreadable) {
        public PipelineStatus {
            Objects.requireNonNull(at, "at");
            backlog = List.copyOf(backlog);
            Objects.requireNonNull(lastMinute, "lastMinute");
            perMinute = List.copyOf(perMinute);
            Objects.requireNonNull(batchesApplied, "batchesApplied");
            Objects.requireNonNull(aggregators, "aggregators");
            outages = List.copyOf(outages);
            unreadable = List.copyOf(unreadable);
        }
    }
}
