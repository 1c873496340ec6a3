package dev.tributary.adapters.aws.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * S3 event notifications as S3 delivers them to SQS: {@code {"Records":[{"eventName":"ObjectCreated:Put",
 * "s3":{"bucket":{"name":…},"object":{"key":…}}}]}}, keys URL-encoded (form encoding, {@code /} kept). The
 * {@code s3:TestEvent} S3 sends when a notification is configured carries no records.
 */
public final class S3EventNotifications {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventNotifications() {
    }

    /** An object was created in {@code bucket} under {@code key}: the message body S3 would send. */
    public static String objectCreated(String bucket, String key, long size, Instant at) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", "us-east-1")
                .put("eventTime", at.toString()).put("eventName", "ObjectCreated:Put");
        record.putObject("userIdentity").put("principalId", "tributary");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", "tributary-object-created");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket)
                .putObject("ownerIdentity").put("principalId", "tributary");
        s3.putObject("object").put("key", encodeKey(key)).put("size", size)
                .put("sequencer", Long.toHexString(at.toEpochMilli()).toUpperCase());
        ObjectNode body = JSON.createObjectNode();
        body.putArray("Records").add(record);
        return body.toString();
    }

    /** A bucket and a URL-decoded key named by an event record. */
    public record S3Object(String bucket, String key) {}

    /** The objects created, one per ObjectCreated record; none for a test event or other event types. */
    public static List<S3Object> createdObjects(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an S3 event notification: unreadable JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not an S3 event notification: not a JSON object");
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            return List.of();
        }
        if (!(root.get("Records") instanceof ArrayNode records)) {
            throw new IllegalArgumentException("not an S3 event notification: no Records");
        }
        List<S3Object> objects = new ArrayList<>();
        for (JsonNode record : records) {
            if (record.path("eventName").asText().startsWith("ObjectCreated:")) {
                objects.add(new S3Object(record.path("s3").path("bucket").path("name").asText(),
                        decodeKey(record.path("s3").path("object").path("key").asText())));
            }
        }
        return objects;
    }

    /** Keys in S3 events are form-encoded ({@code =} as {@code %3D}, space as {@code +}); slashes stay. */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    public static String decodeKey(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }
}
