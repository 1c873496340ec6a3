package dev.tributary.adapters.aws.sqs;

import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.batch.BatchId;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.net.URI;
import java.util.Objects;

/**
 * The claim check for batches larger than an SQS message (the pattern of Amazon's SQS Extended Client): the gzipped
 * payload is stored at {@code s3://<bucket>/spool/<batchId>.gz} before the message that names it is sent, so the
 * message is small and the batch is durable either way. The key depends only on the batch id: a retried publish
 * rewrites the same object. Objects are not deleted by the pipeline (that would cost a request per batch); expire the
 * {@code spool/} prefix with an S3 lifecycle rule longer than the queue's retention (14 days covers SQS's maximum).
 */
public final class S3PayloadSpool implements BatchMessages.Spool {
    /** Keys under this prefix are not lake objects: the transformation function skips them. */
    public static final String PREFIX = "spool/";

    private final S3Client s3;
    private final String bucket;

    public S3PayloadSpool(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public String put(BatchId batch, byte[] gzip) {
        String key = PREFIX + batch + ".gz";
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/gzip"), RequestBody.fromBytes(gzip));
        } catch (SdkException e) {
            throw new PortUnavailableException("ingest spool", "S3", e.getMessage(), e);
        }
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public byte[] get(String location) {
        URI uri = URI.create(location);
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("not a spool location: " + location);
        }
        try {
            return s3.getObjectAsBytes(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1))).asByteArray();
        } catch (NoSuchKeyException e) {
            // the message's own fault (expired or never written): retrying cannot cure it, so it is no outage
            throw new IllegalStateException("nothing spooled at " + location, e);
        } catch (SdkException e) {
            throw new PortUnavailableException("ingest spool", "S3", e.getMessage(), e);
        }
    }
}
