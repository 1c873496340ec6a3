package dev.tributary.adapters.aws.sqs;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/** One SQS message as the queue adapters see it: its body and string attributes, no SDK type. */
public record SqsMessage(String body, Map<String, String> attributes) {
    public SqsMessage {
        Objects.requireNonNull(body, "body");
        attributes = Map.copyOf(attributes);
    }

    /** The bytes SQS counts towards size limit and billing: body plus attribute names, types and values. */
    public int size() {
        int size = body.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            size += a.getKey().length() + "String".length() + a.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    /** Requests SQS bills for this message (every started 64 KiB). */
    public int billingChunks() {
        return Math.max(1, (size() + BatchMessages.BILLING_CHUNK - 1) / BatchMessages.BILLING_CHUNK);
    }
}
