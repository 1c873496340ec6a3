package dev.tributary.bootstrap.config;

import dev.tributary.adapters.aws.status.CloudWatchQueueAge;
import dev.tributary.adapters.aws.status.EcsAggregatorFleet;
import dev.tributary.application.port.in.ReadPipelineStatus.Stage;
import dev.tributary.application.port.out.AggregatorFleet;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.scaling.FleetSize;
import dev.tributary.domain.scaling.QueueStats;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the status page reads on AWS: the SQS ingest queue and the staged-notice queue (their oldest message's age
 * from CloudWatch, where SQS publishes it), and the aggregator service's running count from ECS. S3 invokes the
 * transformation and staging functions directly, so those stages have no queue this process can watch (CloudWatch's
 * Lambda AsyncEventAge is their backlog).
 */
@Factory
@Requires(env = "aws")
class AwsStatusFactory {

    @Singleton
    StageQueues stageQueues(MessageQueue<Batch> ingest, NoticeQueues notices, AwsProperties aws,
                            CloudWatchClient cloudWatch, Clock clock) {
        Supplier<QueueStats> ingestStats = ingest::stats;
        Supplier<QueueStats> stagedStats = notices.of(Zone.STAGED)::stats;
        if (aws.cloudwatchQueueAge()) {
            ingestStats = new CloudWatchQueueAge(cloudWatch, URI.create(aws.ingestQueueUrl()), clock).withAge(ingestStats);
            stagedStats = new CloudWatchQueueAge(cloudWatch, URI.create(aws.stagedNoticeQueueUrl()), clock)
                    .withAge(stagedStats);
        }
        return new StageQueues(Map.of(Stage.INGEST, ingestStats, Stage.STAGED, stagedStats));
    }

    @Singleton
    AggregatorFleet aggregatorFleet(WorkerProperties workers, AwsProperties aws, BeanProvider<EcsClient> ecs,
                                    Clock clock) {
        if (isSet(aws.ecsCluster()) && isSet(aws.aggregatorService())) {
            return new EcsAggregatorFleet(ecs.get(), aws.ecsCluster(), aws.aggregatorService(), workers.aggregatorsMin(),
                    workers.aggregatorsMax(), clock);
        }
        return () -> new FleetSize(FleetSize.UNKNOWN, workers.aggregatorsMin(),
                workers.aggregatorsMax());
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
