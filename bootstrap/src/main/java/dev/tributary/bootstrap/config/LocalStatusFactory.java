package dev.tributary.bootstrap.config;

import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.bootstrap.runtime.AggregatorPool;
import dev.tributary.application.port.in.ReadPipelineStatus.Stage;
import dev.tributary.application.port.out.AggregatorFleet;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.scaling.FleetSize;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Map;

/** What the status page reads in the laptop deployment: the on-disk queues and the local aggregator pool. */
@Factory
@Requires(notEnv = "aws")
class LocalStatusFactory {

    @Singleton
    StageQueues stageQueues(MessageQueue<Batch> ingest, NoticeQueues notices) {
        return new StageQueues(Map.of(Stage.INGEST, ingest::stats, Stage.RAW, notices.of(Zone.RAW)::stats,
                Stage.TRANSFORMED, notices.of(Zone.TRANSFORMED)::stats, Stage.STAGED, notices.of(Zone.STAGED)::stats));
    }

    @Singleton
    AggregatorFleet aggregatorFleet(AggregatorPool pool) {
        return () -> new FleetSize(pool.size(), pool.policy().min(), pool.policy().max());
    }
}
