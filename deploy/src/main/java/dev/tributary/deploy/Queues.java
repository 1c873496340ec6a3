package dev.tributary.deploy;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;

/**
 * The pipeline's SQS queues, each with its dead-letter queue after {@code queues.max_receive_count} deliveries, all
 * SSE-SQS encrypted and TLS-only, kept 14 days (SQS's longest, and the {@code spool/} lifecycle matches it):
 * <ul>
 *   <li>ingest → raw writer;</li>
 *   <li>raw-notice (fed by the raw bucket) → transformation; transformed-notice (fed by the transformed bucket) →
 *       staging: a queue, not S3's asynchronous invocation, in front of each function, because Lambda retries an
 *       asynchronous event at most twice within about three minutes and an S3 outage lasts longer (invariant 8:
 *       outages are waited out, a message only dead-letters by failing itself);</li>
 *   <li>staged-notice (fed by the staged bucket) → aggregators.</li>
 * </ul>
 * A function's queue hides a message for 6× the function's timeout plus its batching window (AWS's advice for a
 * Lambda event source); the staged-notice queue for 6× the aggregator's processing timeout.
 */
final class Queues extends Construct {
    private static final Duration RETENTION = Duration.days(14);

    final Queue ingest;
    final Queue ingestDeadLetters;
    final Queue rawNotices;
    final Queue rawNoticeDeadLetters;
    final Queue transformedNotices;
    final Queue transformedNoticeDeadLetters;
    final Queue stagedNotices;
    final Queue stagedNoticeDeadLetters;

    Queues(Construct scope, String id, Sizing sizing) {
        super(scope, id);
        Sizing.Functions functions = sizing.functions();
        ingestDeadLetters = deadLetters("IngestDeadLetters");
        ingest = queue("Ingest", functions.writeRaw().queueVisibilitySeconds(), ingestDeadLetters, sizing)
                .maxMessageSizeBytes(sizing.queues().maxMessageBytes()).build();
        rawNoticeDeadLetters = deadLetters("RawNoticeDeadLetters");
        rawNotices = queue("RawNotices", functions.transform().queueVisibilitySeconds(), rawNoticeDeadLetters, sizing)
                .build();
        transformedNoticeDeadLetters = deadLetters("TransformedNoticeDeadLetters");
        transformedNotices = queue("TransformedNotices", functions.stage().queueVisibilitySeconds(),
                transformedNoticeDeadLetters, sizing).build();
        stagedNoticeDeadLetters = deadLetters("StagedNoticeDeadLetters");
        stagedNotices = queue("StagedNotices", 6 * sizing.service(Roles.AGGREGATOR).processingTimeoutSeconds(),
                stagedNoticeDeadLetters, sizing).build();
    }

    /** A queue in front of a step, named as in alarms and graphs ({@code Ingest}, {@code RawNotice}, …). */
    record Hop(String name, String consumer, Queue queue, Queue deadLetters) {}

    /** The four queues in pipeline order. */
    List<Hop> hops() {
        return List.of(new Hop("Ingest", "raw writer", ingest, ingestDeadLetters),
                new Hop("RawNotice", "transformation", rawNotices, rawNoticeDeadLetters),
                new Hop("TransformedNotice", "staging", transformedNotices, transformedNoticeDeadLetters),
                new Hop("StagedNotice", "aggregators", stagedNotices, stagedNoticeDeadLetters));
    }

    private Queue.Builder queue(String id, int visibilitySeconds, Queue deadLetters, Sizing sizing) {
        return Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).retentionPeriod(RETENTION)
                .visibilityTimeout(Duration.seconds(visibilitySeconds))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters)
                        .maxReceiveCount(sizing.queues().maxReceiveCount()).build());
    }

    private Queue deadLetters(String id) {
        return Queue.Builder.create(this, id).encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true)
                .retentionPeriod(RETENTION).visibilityTimeout(Duration.seconds(30)).build();
    }
}
