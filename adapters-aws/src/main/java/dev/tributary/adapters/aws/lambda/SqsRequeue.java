package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.adapters.aws.sqs.SqsMessageQueue;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link QueueEvents.Requeue} on SQS: the message's body and attributes are sent again to the queue its
 * {@code eventSourceARN} names (the URL looked up once per queue, {@code sqs:GetQueueUrl}), delayed by at most SQS's
 * 15 minutes. The received message is then reported as done, so Lambda deletes it: the copy starts with a receive
 * count of zero. A crash between the send and the delete leaves both, which the ledger absorbs.
 */
public final class SqsRequeue implements QueueEvents.Requeue {
    private final SqsClient sqs;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    public SqsRequeue(SqsClient sqs) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
    }

    @Override
    public void giveBack(SQSEvent.SQSMessage message, Duration delay, int waits) {
        String url = urls.computeIfAbsent(message.getEventSourceArn(), arn -> sqs.getQueueUrl(
                b -> b.queueName(arn.substring(arn.lastIndexOf(':') + 1))).queueUrl());
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        if (message.getMessageAttributes() != null) {
            message.getMessageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
        }
        attributes.put(WAITS, MessageAttributeValue.builder().dataType("Number").stringValue(Integer.toString(waits))
                .build());
        int seconds = (int) Math.min(SqsMessageQueue.MAX_DELAY.toSeconds(), Math.max(0, delay.toSeconds()));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(message.getBody()).messageAttributes(attributes)
                .delaySeconds(seconds));
    }

    private static MessageAttributeValue attribute(SQSEvent.MessageAttribute value) {
        MessageAttributeValue.Builder copy = MessageAttributeValue.builder().dataType(value.getDataType());
        if (value.getBinaryValue() != null) {
            copy.binaryValue(SdkBytes.fromByteBuffer(value.getBinaryValue()));
        } else {
            copy.stringValue(value.getStringValue());
        }
        return copy.build();
    }
}
