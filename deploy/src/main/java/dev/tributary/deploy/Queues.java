package dev.tributary.deploy;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The pipeline's SQS queues, all SSE-SQS encrypted and TLS-only, kept 14 days (SQS's longest, and the {@code spool/}
 * lifecycle matches it):
 * <ul>
 *   <li>ingest → raw writer, with a dead-letter queue after {@code queues.max_receive_count} deliveries; visibility
 *       6× the raw writer's timeout plus its batching window (AWS's advice for a Lambda event source);</li>
 *   <li>staged-notice (fed by the staged bucket) → aggregators, with its dead-letter queue; visibility 6× the
 *       aggregator's processing timeout;</li>
 *   <li>one failure queue per S3-triggered function: its asynchronous on-failure destination (invariant 4: an event
 *       that failed every retry is kept, not dropped).</li>
 * </ul>
 */
final class Queues extends Construct {
    private static final Duration RETENTION = Duration.days(14);

    final Queue ingest;
    final Queue ingestDeadLetters;
    final Queue stagedNotices;
    final Queue stagedNoticeDeadLetters;
    final Queue transformFailures;
    final Queue stageFailures;

    Queues(Construct scope, String id, Sizing sizing) {
        super(scope, id);
        int maxReceives = sizing.queues().maxReceiveCount();
        Sizing.WriteRaw writeRaw = sizing.functions().writeRaw();

        ingestDeadLetters = queue("IngestDeadLetters", Duration.seconds(30));
        ingest = Queue.Builder.create(this, "Ingest")
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).retentionPeriod(RETENTION)
                .maxMessageSizeBytes(sizing.queues().maxMessageBytes())
                .visibilityTimeout(Duration.seconds(6L * writeRaw.timeoutSeconds() + writeRaw.batchingWindowSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder().queue(ingestDeadLetters).maxReceiveCount(maxReceives)
                        .build())
                .build();

        stagedNoticeDeadLetters = queue("StagedNoticeDeadLetters", Duration.seconds(30));
        stagedNotices = Queue.Builder.create(this, "StagedNotices")
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).retentionPeriod(RETENTION)
                .visibilityTimeout(Duration.seconds(
                        6L * sizing.service(Roles.AGGREGATOR).processingTimeoutSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder().queue(stagedNoticeDeadLetters).maxReceiveCount(maxReceives)
                        .build())
                .build();

        transformFailures = queue("TransformFailures", Duration.seconds(30));
        stageFailures = queue("StageFailures", Duration.seconds(30));
    }

    private Queue queue(String id, Duration visibility) {
        return Queue.Builder.create(this, id).encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true)
                .retentionPeriod(RETENTION).visibilityTimeout(visibility).build();
    }
}
