package dev.tributary.bootstrap.config;

import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.bootstrap.runtime.AggregatorPool;
import dev.tributary.bootstrap.runtime.DependencyBreakers;
import dev.tributary.bootstrap.runtime.StageLoops;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.Zone;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The queue-driven loops, built but not started ({@code run} and {@code serve --role aggregator} start them): the
 * aggregator pool both deployments run on the staged-notice queue, and locally the loops standing in for the Lambda
 * functions on the ingest, raw and transformed queues; and the dependencies' circuit breakers they share.
 */
@Factory
class StageLoopsFactory {

    /** One breaker per dependency for the whole process; the status page lists the open ones as outages. */
    @Singleton
    DependencyBreakers dependencyBreakers(OutageProperties outages, MeterRegistry meters) {
        return DependencyBreakers.of(outages.policy(), meters);
    }

    @Singleton
    @Bean(preDestroy = "close")
    AggregatorPool aggregatorPool(NoticeQueues notices, AggregateStagedObject aggregate, WorkerProperties workers,
                                  DependencyBreakers breakers) {
        return new AggregatorPool(notices.of(Zone.STAGED), aggregate, workers.aggregatorScaling(),
                workers.scalingInterval(), breakers);
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(notEnv = "aws")
    StageLoops stageLoops(MessageQueue<Batch> ingest, NoticeQueues notices, WriteRawBatch writeRaw,
                          TransformRawObject transform, StageTransformedObject stage, AggregatorPool aggregators,
                          WorkerProperties workers, DependencyBreakers breakers) {
        return new StageLoops(
                new StageLoops.Queues(ingest, notices.of(Zone.RAW), notices.of(Zone.TRANSFORMED)),
                new StageLoops.Steps(writeRaw, transform, stage),
                new StageLoops.Sizing(workers.rawWriters(), workers.transformers(), workers.stagers()),
                aggregators, breakers);
    }
}
