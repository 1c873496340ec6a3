package dev.tributary.adapters.aws.sqs;

import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.scaling.QueueStats;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQS calls under {@link SqsMessageQueue}: batched send and delete, long polling, visibility changes and the backlog
 * read from queue attributes. Every SDK failure becomes a {@link PortUnavailableException}; SDK types stay in this
 * package.
 */
final class SqsQueue {
    /** SQS's per-call limits: 10 entries per batch call, 20 s of long polling. */
    static final int MAX_ENTRIES = 10;
    static final Duration MAX_WAIT = Duration.ofSeconds(20);
    private static final Pattern DLQ_ARN = Pattern.compile("\"deadLetterTargetArn\"\\s*:\\s*\"[^\"]*:([^\":]+)\"");

    private final SqsClient sqs;
    private final String url;
    private final String port;
    private volatile Optional<String> deadLetterUrl;

    SqsQueue(SqsClient sqs, URI url, String port) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.url = Objects.requireNonNull(url, "url").toString();
        this.port = port;
    }

    /** Sends up to {@link #MAX_ENTRIES} messages in one call; throws unless SQS accepted every one. */
    void send(List<SendMessageBatchRequestEntry> entries) {
        SendMessageBatchResponse response = call(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)));
        if (!response.failed().isEmpty()) {
            throw new PortUnavailableException(port, "SQS", "SQS refused " + response.failed().size() + " of "
                    + entries.size() + " messages: " + response.failed().get(0).code(), null);
        }
    }

    /** One long poll of at most {@code wait} (whole seconds, at most 20) for up to {@code max} (at most 10) messages. */
    List<Message> receiveOnce(int max, Duration wait) {
        return receiveOnce(max, wait, null);
    }

    /** As {@link #receiveOnce(int, Duration)}, hiding what it returns for {@code visibility} instead of the queue's timeout. */
    List<Message> receiveOnce(int max, Duration wait, Duration visibility) {
        int seconds = (int) Math.min(MAX_WAIT.toSeconds(), (wait.toMillis() + 999) / 1000);
        return call(() -> sqs.receiveMessage(b -> b.queueUrl(url)
                .maxNumberOfMessages(Math.max(1, Math.min(MAX_ENTRIES, max)))
                .waitTimeSeconds(seconds)
                .visibilityTimeout(visibility == null ? null : (int) visibility.toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .messageAttributeNames("All"))).messages();
    }

    /** Polls until at least one message arrived or {@code wait} passed (so waits above SQS's 20 s work too). */
    List<Message> receive(int max, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            List<Message> messages = receiveOnce(max, left);
            if (!messages.isEmpty() || left.compareTo(MAX_WAIT) <= 0) {
                return messages;
            }
        }
    }

    static int attempt(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 1 : Integer.parseInt(count);
    }

    /** Deletes by receipt handle, {@link #MAX_ENTRIES} per call; throws if any delete failed. */
    void delete(List<String> receipts) {
        for (int from = 0; from < receipts.size(); from += MAX_ENTRIES) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            List<String> slice = receipts.subList(from, Math.min(receipts.size(), from + MAX_ENTRIES));
            for (int i = 0; i < slice.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(slice.get(i)).build());
            }
            DeleteMessageBatchResponse response = call(() -> sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)));
            if (!response.failed().isEmpty()) {
                throw new PortUnavailableException(port, "SQS", "SQS could not delete " + response.failed().size()
                        + " messages: " + response.failed().get(0).code(), null);
            }
        }
    }

    /** Hides a received message for {@code timeout} more from now (SQS caps the total at 12 hours). */
    void extendVisibility(String receipt, Duration timeout) {
        call(() -> sqs.changeMessageVisibility(ChangeMessageVisibilityRequest.builder().queueUrl(url)
                .receiptHandle(receipt).visibilityTimeout((int) timeout.toSeconds()).build()));
    }

    /**
     * Waiting and in-flight messages from queue attributes, dead letters from the queue named by its redrive policy.
     * The oldest message's age is only published as a CloudWatch metric (ApproximateAgeOfOldestMessage), not by any
     * SQS call, so it is reported as zero here; on AWS the status page joins it from CloudWatch (CloudWatchQueueAge).
     */
    QueueStats stats() {
        Map<QueueAttributeName, String> attributes = attributes(url);
        long dead = deadLetterUrl().map(d -> {
            Map<QueueAttributeName, String> a = attributes(d);
            return count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                    + count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        }).orElse(0L);
        return new QueueStats(count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), Duration.ZERO, dead);
    }

    /** The dead-letter queue named by this queue's redrive policy, if it has one. */
    Optional<SqsQueue> deadLetterQueue() {
        return deadLetterUrl().map(d -> new SqsQueue(sqs, URI.create(d), port + " dead letters"));
    }

    private Optional<String> deadLetterUrl() {
        if (deadLetterUrl == null) {
            String policy = call(() -> sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY))).attributes().get(QueueAttributeName.REDRIVE_POLICY);
            Matcher m = policy == null ? null : DLQ_ARN.matcher(policy);
            deadLetterUrl = m != null && m.find()
                    ? Optional.of(call(() -> sqs.getQueueUrl(b -> b.queueName(m.group(1)))).queueUrl())
                    : Optional.empty();
        }
        return deadLetterUrl;
    }

    private Map<QueueAttributeName, String> attributes(String queueUrl) {
        return call(() -> sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))).attributes();
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }

    <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new PortUnavailableException(port, "SQS", e.getMessage(), e);
        }
    }
}
