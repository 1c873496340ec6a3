package dev.tributary.deploy.twin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * S3's event notifications for the twin: S3Proxy's blob store, wrapped so that every object created (PUT, copy,
 * completed multipart upload) is matched against the template's bucket notification configurations
 * ({@code Custom::S3BucketNotifications}: events, prefix/suffix filter rules, destination) and, where one matches, the
 * event S3 would send goes to its destination — a function (asynchronous invocation) or a queue. Delivery happens off
 * the request thread, after the object is stored, as S3's does.
 */
final class ObjectCreatedNotifications extends ForwardingBlobStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One notification configuration of a bucket: the destination gets the event when the key passes the filter. */
    record Configuration(List<String> events, String prefix, String suffix, BiConsumer<String, String> destination,
                         String describe) {
        boolean matches(String eventName, String key) {
            boolean event = events.stream().anyMatch(e -> e.equals("s3:" + eventName)
                    || (e.endsWith(":*") && ("s3:" + eventName).startsWith(e.substring(0, e.length() - 1))));
            return event && key.startsWith(prefix) && key.endsWith(suffix);
        }
    }

    private final Map<String, List<Configuration>> byBucket;
    private final String region;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "twin-s3-notifications");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sequencer = new AtomicLong(System.nanoTime());
    private final List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();

    ObjectCreatedNotifications(BlobStore delegate, Map<String, List<Configuration>> byBucket, String region) {
        super(delegate);
        this.byBucket = byBucket;
        this.region = region;
    }

    /** "bucket/key → destination" of every notification sent, for the test's report. */
    List<String> delivered() {
        return List.copyOf(delivered);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        created(request.bucket(), request.key(), "ObjectCreated:Put",
                request.contentLength() == null ? 0 : request.contentLength(), response.eTag());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        created(request.destinationBucket(), request.destinationKey(), "ObjectCreated:Copy", 0, null);
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created(upload.containerName(), upload.blobName(), "ObjectCreated:CompleteMultipartUpload", 0,
                response.eTag());
        return response;
    }

    private void created(String bucket, String key, String eventName, long size, String eTag) {
        List<Configuration> matching = new ArrayList<>();
        for (Configuration c : byBucket.getOrDefault(bucket, List.of())) {
            if (c.matches(eventName, key)) {
                matching.add(c);
            }
        }
        for (Configuration c : matching) {
            String event = event(bucket, key, eventName, size, eTag);
            delivery.execute(() -> {
                delivered.add(bucket + "/" + key + " → " + c.describe());
                c.destination().accept(bucket, event);
            });
        }
    }

    /** The event record S3 sends (event message structure version 2.1), the key URL-encoded as S3 encodes it. */
    String event(String bucket, String key, String eventName, long size, String eTag) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", region)
                .put("eventTime", Instant.now().toString()).put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", "AWS:TWIN");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", "TWIN").put("x-amz-id-2", "TWIN");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", "twin");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket)
                .putObject("ownerIdentity").put("principalId", "TWIN");
        ObjectNode object = s3.putObject("object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8)
                .replace("%2F", "/")).put("size", size).put("sequencer", Long.toHexString(sequencer.incrementAndGet())
                .toUpperCase());
        if (eTag != null) {
            object.put("eTag", eTag.replace("\"", ""));
        }
        ObjectNode body = JSON.createObjectNode();
        body.putArray("Records").add(record);
        return body.toString();
    }

    /** The message S3 puts on a queue when a notification to it is configured. */
    static String testEvent(String bucket) {
        return JSON.createObjectNode().put("Service", "Amazon S3").put("Event", "s3:TestEvent")
                .put("Time", Instant.now().toString()).put("Bucket", bucket).put("RequestId", "TWIN")
                .put("HostId", "TWIN").toString();
    }
}
