package dev.tributary.bootstrap.config;

import dev.tributary.adapters.local.queue.FileNoticeQueue;
import dev.tributary.bootstrap.runtime.StageLoops;
import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.domain.scaling.ScalingPolicy;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** Wires the local worker loops (not started: {@code run} starts them). */
@Factory
@Requires(notEnv = "aws")
class StageLoopsFactory {

    @Singleton
    @Bean(preDestroy = "close")
    StageLoops stageLoops(IngestQueue ingest, @Named("raw") FileNoticeQueue raw,
                                @Named("transformed") FileNoticeQueue transformed,
                                @Named("staged") FileNoticeQueue staged, WriteRawBatch writeRaw,
                                TransformRawObject transform, StageTransformedObject stage,
                                AggregateStagedObject aggregate, WorkerProperties workers) {
        return new StageLoops(
                new StageLoops.Queues(ingest, raw, transformed, staged),
                new StageLoops.Steps(writeRaw, transform, stage, aggregate),
                new StageLoops.Sizing(workers.rawWriters(), workers.transformers(), workers.stagers(),
                        new ScalingPolicy(workers.aggregatorsMin(), workers.aggregatorsMax(),
                                workers.backlogPerAggregator(), workers.scaleInAfterChecks()), workers.scalingInterval()));
    }
}
