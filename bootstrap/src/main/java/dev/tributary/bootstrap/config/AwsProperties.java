package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import dev.tributary.domain.lake.Zone;

import java.net.URI;
import java.time.Duration;

/**
 * Where the {@code aws} environment finds its queues and buckets (from environment variables, see
 * {@code application-aws.yml}). Blank values are allowed so each role or function needs only what it uses; the
 * factory names the missing variable when a bean needs it. {@code endpoint} points both clients elsewhere
 * (LocalStack), {@code sqsEndpoint}/{@code s3Endpoint} one of them (ElasticMQ, S3Proxy); {@code forcePathStyle}
 * addresses buckets by path, as S3Proxy needs. The status page reads the queues' oldest age from CloudWatch
 * ({@code cloudwatchQueueAge}) and the aggregators' running count from the ECS service {@code aggregatorService} in
 * {@code ecsCluster} when both are set. {@code attemptTimeout} and {@code callTimeout} bound each SQS and S3 request
 * (one try, and all tries with their retries): an endpoint that hangs is then an outage within seconds, waited out
 * (invariant 8), instead of a call that outlasts a function's timeout, whose every message would be delivered again.
 */
@ConfigurationProperties("tributary.aws")
public record AwsProperties(String region, @Nullable URI endpoint, @Nullable URI sqsEndpoint, @Nullable URI s3Endpoint,
                            boolean forcePathStyle,
                            @Nullable String ingestQueueUrl, @Nullable String rawNoticeQueueUrl,
                            @Nullable String transformedNoticeQueueUrl, @Nullable String stagedNoticeQueueUrl,
                            int ingestQueueMaxMessageBytes, @Nullable String rawBucket,
                            @Nullable String transformedBucket, @Nullable String stagedBucket,
                            @Nullable String quarantineBucket, boolean cloudwatchQueueAge,
                            @Nullable String ecsCluster, @Nullable String aggregatorService,
                            @Nullable Duration attemptTimeout, @Nullable Duration callTimeout) {

    URI sqs() {
        return sqsEndpoint != null ? sqsEndpoint : endpoint;
    }

    URI s3() {
        return s3Endpoint != null ? s3Endpoint : endpoint;
    }

    /** The URL of the queue announcing new objects of {@code zone}, or null where this role has none. */
    @Nullable
    String noticeQueueUrl(Zone zone) {
        return switch (zone) {
            case RAW -> rawNoticeQueueUrl;
            case TRANSFORMED -> transformedNoticeQueueUrl;
            case STAGED -> stagedNoticeQueueUrl;
            default -> null;
        };
    }

    static String require(String value, String environmentVariable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("set " + environmentVariable + " for the aws environment");
        }
        return value;
    }
}
