package dev.tributary.bootstrap.config;

import dev.tributary.adapters.aws.lambda.StageTransformedObjectHandler;
import dev.tributary.adapters.aws.lambda.TransformRawObjectHandler;
import dev.tributary.adapters.aws.lambda.WriteRawBatchHandler;
import dev.tributary.adapters.aws.lambda.QueueEvents;
import dev.tributary.adapters.aws.lambda.SqsRequeue;
import dev.tributary.adapters.aws.sqs.ObjectKeyNotices;
import dev.tributary.adapters.aws.sqs.SqsMessageQueue;
import dev.tributary.adapters.postgres.IdempotencyKeyRepository;
import dev.tributary.adapters.postgres.JdbcIdempotencyKeys;
import dev.tributary.adapters.postgres.JdbcSchema;
import dev.tributary.adapters.aws.s3.LakeBuckets;
import dev.tributary.adapters.aws.sqs.BatchMessages;
import dev.tributary.adapters.aws.sqs.S3PayloadSpool;
import dev.tributary.adapters.aws.s3.S3LakeStore;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import javax.sql.DataSource;
import java.net.URI;
import java.time.Clock;

/**
 * The AWS deployment: the ingest queue and the notice queues on SQS, the lake on S3, and the Lambda handlers. The
 * notice queues are fed by S3's event notifications, as the local ones by the lake store: raw ObjectCreated → raw-notice
 * queue → transformation function, transformed ObjectCreated (prefix {@code transformed/}) → transformed-notice queue →
 * staging function, staged ObjectCreated → staged-notice queue → aggregators. The SDK clients are
 * micronaut-aws-sdk-v2's beans (see {@link AwsClientBuilders}).
 */
@Factory
@Requires(env = "aws")
class AwsAdapterFactory {
    private static final Logger LOG = LoggerFactory.getLogger(AwsAdapterFactory.class);

    @Singleton
    MessageQueue<Batch> ingestQueue(SqsClient sqs, AwsProperties aws, BatchMessages.Spool spool) {
        URI url = URI.create(AwsProperties.require(aws.ingestQueueUrl(), "TRIBUTARY_INGEST_QUEUE_URL"));
        LOG.atInfo().addKeyValue("queue", url).addKeyValue("maxMessageBytes", aws.ingestQueueMaxMessageBytes())
                .log("ingest queue on SQS");
        return new SqsMessageQueue<>(sqs, url, "ingest-queue", new BatchMessages(aws.ingestQueueMaxMessageBytes(), spool));
    }

    /** Batches larger than an SQS message wait under spool/ in the raw bucket (written by ingest, read by the raw writer). */
    @Singleton
    BatchMessages.Spool ingestSpool(S3Client s3, AwsProperties aws) {
        return new S3PayloadSpool(s3, AwsProperties.require(aws.rawBucket(), "TRIBUTARY_RAW_BUCKET"));
    }

    /** Shared by every ingest instance through RDS, so a retry reaching another instance maps to the same batch. */
    @Singleton
    IdempotencyKeys idempotencyKeys(@Named(JdbcSchema.DATA_SOURCE) DataSource dataSource, IdempotencyKeyRepository keys,
                                    IngestProperties ingest, Clock clock) {
        JdbcSchema.migrate(dataSource);   // the ingest role prepares no aggregate table, which would migrate it
        return new JdbcIdempotencyKeys(keys, ingest.idempotencyRetention(), clock);
    }

    @Singleton
    LakeBuckets lakeBuckets(AwsProperties aws) {
        String transformed = AwsProperties.require(aws.transformedBucket(), "TRIBUTARY_TRANSFORMED_BUCKET");
        return new LakeBuckets(AwsProperties.require(aws.rawBucket(), "TRIBUTARY_RAW_BUCKET"), transformed,
                AwsProperties.require(aws.stagedBucket(), "TRIBUTARY_STAGED_BUCKET"),
                aws.quarantineBucket() == null || aws.quarantineBucket().isBlank() ? transformed : aws.quarantineBucket());
    }

    @Singleton
    LakeStore lakeStore(S3Client s3, LakeBuckets buckets) {
        return new S3LakeStore(s3, buckets);
    }

    /**
     * The notice queues, each fed by a bucket's ObjectCreated notifications: staged → aggregators (the aggregator and
     * client roles), and raw → transformation, transformed → staging, which the functions consume through their event
     * source mappings: here they are the client's, for their backlog and dead letters, when their URLs are set.
     */
    @Singleton
    NoticeQueues noticeQueues(SqsClient sqs, AwsProperties aws, LakeBuckets buckets, Clock clock) {
        ObjectKeyNotices notices = new ObjectKeyNotices(buckets, clock);
        Map<Zone, SqsMessageQueue<ObjectKey>> byZone = new EnumMap<>(Zone.class);
        byZone.put(Zone.STAGED, new SqsMessageQueue<>(sqs, URI.create(AwsProperties.require(
                aws.stagedNoticeQueueUrl(), "TRIBUTARY_STAGED_NOTICE_QUEUE_URL")), "notice-queue", notices));
        for (Zone zone : List.of(Zone.RAW, Zone.TRANSFORMED)) {
            String url = aws.noticeQueueUrl(zone);
            if (url != null && !url.isBlank()) {
                byZone.put(zone, new SqsMessageQueue<>(sqs, URI.create(url), zone.prefix() + "-notice-queue", notices));
            }
        }
        return new NoticeQueues(byZone);
    }

    /** How the functions give messages back during an outage (one for all three: they are separate processes). */
    @Singleton
    QueueEvents.Requeue requeue(SqsClient sqs) {
        return new SqsRequeue(sqs);
    }

    @Singleton
    WriteRawBatchHandler writeRawBatchHandler(WriteRawBatch writeRawBatch, BatchMessages.Spool spool,
                                              QueueEvents.Requeue requeue, GiveBackProperties giveBack) {
        return new WriteRawBatchHandler(writeRawBatch, spool, new QueueEvents("write_raw", requeue, giveBack.waits()));
    }

    @Singleton
    TransformRawObjectHandler transformRawObjectHandler(TransformRawObject transformRawObject,
                                                        QueueEvents.Requeue requeue, GiveBackProperties giveBack) {
        return new TransformRawObjectHandler(transformRawObject, new QueueEvents("transform", requeue,
                giveBack.waits()));
    }

    @Singleton
    StageTransformedObjectHandler stageTransformedObjectHandler(StageTransformedObject stageTransformedObject,
                                                                QueueEvents.Requeue requeue,
                                                                GiveBackProperties giveBack) {
        return new StageTransformedObjectHandler(stageTransformedObject, new QueueEvents("stage", requeue,
                giveBack.waits()));
    }
}
