package dev.tributary.bootstrap.config;

import dev.tributary.application.port.in.ReadPipelineStatus.Stage;
import dev.tributary.application.port.out.AggregatorFleet;
import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.application.port.out.NoticeQueue;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * What the status page reads on AWS: the SQS ingest queue and the staged-notice queue. S3 invokes the transformation
 * and staging functions directly, so those stages have no queue this process can watch (CloudWatch's Lambda
 * AsyncEventAge is their backlog), and the aggregators' running count lives in ECS: the page shows the configured
 * bounds and says where the count is.
 */
@Factory
@Requires(env = "aws")
class AwsStatusFactory {

    @Singleton
    StageQueues stageQueues(IngestQueue ingest, @Named("staged") NoticeQueue staged) {
        return new StageQueues(Map.of(Stage.INGEST, ingest::stats, Stage.STAGED, staged::stats));
    }

    @Singleton
    AggregatorFleet aggregatorFleet(WorkerProperties workers) {
        return () -> new AggregatorFleet.Instances(AggregatorFleet.Instances.UNKNOWN, workers.aggregatorsMin(),
                workers.aggregatorsMax());
    }
}
