package dev.tributary.bootstrap.config;

import dev.tributary.adapters.local.queue.FileNoticeQueue;
import dev.tributary.bootstrap.runtime.StageLoops;
import dev.tributary.application.port.in.ReadPipelineStatus.Stage;
import dev.tributary.application.port.out.AggregatorFleet;
import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.domain.scaling.FleetSize;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Map;

/** What the status page reads in the laptop deployment: the on-disk queues and the local aggregator pool. */
@Factory
@Requires(notEnv = "aws")
class LocalStatusFactory {

    @Singleton
    StageQueues stageQueues(IngestQueue ingest, @Named("raw") FileNoticeQueue raw,
                            @Named("transformed") FileNoticeQueue transformed, @Named("staged") FileNoticeQueue staged) {
        return new StageQueues(Map.of(Stage.INGEST, ingest::stats, Stage.RAW, raw::stats,
                Stage.TRANSFORMED, transformed::stats, Stage.STAGED, staged::stats));
    }

    @Singleton
    AggregatorFleet aggregatorFleet(StageLoops triggers, WorkerProperties workers) {
        return () -> new FleetSize(triggers.aggregatorWorkers(), workers.aggregatorsMin(),
                workers.aggregatorsMax());
    }
}
