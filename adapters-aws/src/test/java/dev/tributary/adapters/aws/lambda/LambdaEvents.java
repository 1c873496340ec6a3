package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.adapters.aws.sqs.S3EventNotifications;

import dev.tributary.adapters.aws.sqs.SqsMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Lambda events as AWS sends them, read with the serializer the Lambda Java runtime uses. */
public final class LambdaEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaEvents() {
    }

    public static SQSEvent sqsEvent(String json) {
        return LambdaEventSerializers.serializerFor(SQSEvent.class, LambdaEvents.class.getClassLoader()).fromJson(json);
    }

    /** The SQS event Lambda's poller would pass for these messages, in the order given. */
    public static String sqsEventJson(List<SqsMessage> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (SqsMessage m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", UUID.randomUUID().toString()).put("receiptHandle", "AQEB" + UUID.randomUUID())
                    .put("body", m.body()).put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:eu-west-1:123456789012:tributary-ingest")
                    .put("awsRegion", "eu-west-1");
            r.putObject("attributes").put("ApproximateReceiveCount", "1");
            ObjectNode attributes = r.putObject("messageAttributes");
            m.attributes().forEach((k, v) -> {
                ObjectNode a = attributes.putObject(k).put("stringValue", v).put("dataType", "String");
                a.putArray("stringListValues");
                a.putArray("binaryListValues");
            });
        }
        return event.toString();
    }

    /** The S3 event notification sent when {@code key} is created in {@code bucket} (from the sample in resources). */
    public static String s3EventJson(String bucket, String key) {
        return resource("/events/s3-event.json").replace("${bucket}", bucket)
                .replace("${key}", S3EventNotifications.encodeKey(key));
    }

    public static String resource(String name) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
