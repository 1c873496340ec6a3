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
import dev.tributary.domain.scaling.ScalingPolicy;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the status page reads on AWS: the SQS ingest queue and the notice queues this role has (the client: all
 * three; their oldest message's age from CloudWatch, where SQS publishes it), and the aggregator service's running
 * count from ECS.
 */
@Factory
@Requires(env = "aws")
class AwsStatusFactory {
    private static final Map<Zone, Stage> STAGES = Map.of(Zone.RAW, Stage.RAW, Zone.TRANSFORMED, Stage.TRANSFORMED,
            Zone.STAGED, Stage.STAGED);

    /** Each queue the role has (the client: all four) with its oldest age from CloudWatch where configured. */
    @Singleton
    StageQueues stageQueues(MessageQueue<Batch> ingest, NoticeQueues notices, AwsProperties aws,
                            CloudWatchClient cloudWatch, Clock clock) {
        Map<Stage, Supplier<QueueStats>> stats = new EnumMap<>(Stage.class);
        stats.put(Stage.INGEST, withAge(ingest::stats, aws.ingestQueueUrl(), aws, cloudWatch, clock));
        notices.byZone().forEach((zone, queue) -> stats.put(STAGES.get(zone),
                withAge(queue::stats, aws.noticeQueueUrl(zone), aws, cloudWatch, clock)));
        return new StageQueues(stats);
    }

    private static Supplier<QueueStats> withAge(Supplier<QueueStats> stats, String url, AwsProperties aws,
                                                CloudWatchClient cloudWatch, Clock clock) {
        return aws.cloudwatchQueueAge() && isSet(url)
                ? new CloudWatchQueueAge(cloudWatch, URI.create(url), clock).withAge(stats) : stats;
    }

    /** The aggregator service's running count from ECS, within the bounds of the policy the stack scales it on. */
    @Singleton
    AggregatorFleet aggregatorFleet(WorkerProperties workers, AwsProperties aws, BeanProvider<EcsClient> ecs,
                                    Clock clock) {
        ScalingPolicy policy = workers.aggregatorScaling();
        if (isSet(aws.ecsCluster()) && isSet(aws.aggregatorService())) {
            return new EcsAggregatorFleet(ecs.get(), aws.ecsCluster(), aws.aggregatorService(), policy.min(),
                    policy.max(), clock);
        }
        return () -> new FleetSize(FleetSize.UNKNOWN, policy.min(), policy.max());
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
