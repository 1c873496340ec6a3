package dev.tributary.adapters.aws.sqs;

import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.scaling.QueueStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A pipeline queue on SQS (a standard queue with a redrive policy to its dead-letter queue), carrying what its
 * {@link SqsMessageFormat} encodes: the ingest queue's batches, or the staged-notice queue's S3 event notifications.
 * <ul>
 *   <li>{@link #publish} returns once SQS accepted the message (invariant 1);</li>
 *   <li>{@link #receive} long-polls (up to 20 s per call). A message that decodes to nothing (S3's
 *       {@code s3:TestEvent}) is deleted; one that does not decode is left alone, so SQS dead-letters it after
 *       maxReceiveCount (invariant 4) while the others received with it are delivered;</li>
 *   <li>{@link #acknowledge} deletes the message; one that carried several notices is deleted once every one of them
 *       was acknowledged;</li>
 *   <li>redelivery, attempts and dead letters are SQS's: attempt = ApproximateReceiveCount, dead letters = the
 *       redrive target's message count; {@link #stats()} has the oldest age as zero (SQS only publishes it to
 *       CloudWatch);</li>
 *   <li>{@link #release} sends the message again as a new one and deletes the received one, so a message given back
 *       during an outage keeps no receive;</li>
 *   <li>{@link #redriveDeadLetters} receives from the dead-letter queue of the redrive policy, sends each accepted
 *       message's body and attributes to this queue as a new message (fresh receive count), then deletes it from the
 *       dead-letter queue.</li>
 * </ul>
 */
public final class SqsMessageQueue<M> implements MessageQueue<M> {
    private static final Logger LOG = LoggerFactory.getLogger(SqsMessageQueue.class);
    /** SQS's default and minimum-maximum message size; queues may allow up to 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    private static final String PART_SEPARATOR = "#";
    /** SQS's longest message delay. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);
    /** How long a redrive hides the dead letters it leaves, so one pass sees each dead letter once. */
    private static final Duration REDRIVE_HOLD = Duration.ofMinutes(5);

    private final SqsQueue queue;
    private final SqsMessageFormat<M> format;
    /** Receipt handle → parts of that message still unacknowledged (only for messages with several parts). */
    private final Map<String, Integer> unacknowledged = new ConcurrentHashMap<>();

    /** @param port the queue's name in errors and logs ({@code ingest-queue}, {@code notice-queue}) */
    public SqsMessageQueue(SqsClient sqs, URI queueUrl, String port, SqsMessageFormat<M> format) {
        this.queue = new SqsQueue(sqs, queueUrl, port);
        this.format = format;
    }

    @Override
    public void publish(M message) {
        queue.send(List.of(entry("0", format.encode(message))));
    }

    static SendMessageBatchRequestEntry entry(String id, SqsMessage m) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        m.attributes().forEach((k, v) -> attributes.put(k,
                MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        return SendMessageBatchRequestEntry.builder().id(id).messageBody(m.body()).messageAttributes(attributes).build();
    }

    @Override
    public List<Delivery<M>> receive(int max, Duration wait) {
        List<Delivery<M>> deliveries = new ArrayList<>();
        for (Message m : queue.receive(max, wait)) {
            int attempt = SqsQueue.attempt(m);
            List<M> parts;
            try {
                parts = format.decode(toMessage(m));
            } catch (IllegalArgumentException e) {
                LOG.atWarn().addKeyValue("attempt", attempt).addKeyValue("error", e.getMessage())
                        .log("message cannot be read, left for the dead-letter queue");
                continue;
            }
            if (parts.isEmpty()) {
                queue.delete(List.of(m.receiptHandle()));
            } else if (parts.size() == 1) {
                deliveries.add(new Delivery<>(parts.get(0), attempt, m.receiptHandle()));
            } else {
                unacknowledged.put(m.receiptHandle(), parts.size());
                for (M part : parts) {
                    deliveries.add(new Delivery<>(part, attempt, m.receiptHandle() + PART_SEPARATOR + parts.size()));
                }
            }
        }
        return deliveries;
    }

    private static SqsMessage toMessage(Message m) {
        Map<String, String> attributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> attributes.put(k, v.stringValue()));
        return new SqsMessage(m.body() == null ? "" : m.body(), attributes);
    }

    @Override
    public void acknowledge(Delivery<M> delivery) {
        String handle = handleOf(delivery);
        if (!handle.equals(delivery.receipt())) {
            Integer left = unacknowledged.computeIfPresent(handle, (h, n) -> n - 1);
            if (left != null && left > 0) {
                return;
            }
            unacknowledged.remove(handle);
        }
        queue.delete(List.of(handle));
    }

    /**
     * Gives the message back as a new one: its copy is sent (visible after {@code delay}, at most SQS's 15 minutes)
     * before this delivery is acknowledged. SQS cannot lower a message's ApproximateReceiveCount, and a consumer waiting
     * out an outage receives the same message again and again (its probe), so a message merely given back would reach
     * the dead-letter queue after maxReceiveCount probes; the copy starts over at no receives (invariant 8), as the
     * local queues undo the receive. A part of a message that carried several notices is sent alone and counts as done
     * in its message. A crash between the send and the delete leaves the message twice, which consumers absorb.
     */
    @Override
    public void release(Delivery<M> delivery, Duration delay) {
        long seconds = Math.min(MAX_DELAY.toSeconds(), Math.max(0, delay.toSeconds()));
        queue.send(List.of(entry("0", format.encode(delivery.message())).toBuilder()
                .delaySeconds((int) seconds).build()));
        acknowledge(delivery);
    }

    /** Keeps a delivery hidden for {@code timeout} more, for a step that takes longer than the visibility timeout. */
    public void extendVisibility(Delivery<M> delivery, Duration timeout) {
        queue.extendVisibility(handleOf(delivery), timeout);
    }

    /** The SQS receipt handle of the message a delivery came from (a part's receipt is the handle plus a suffix). */
    private String handleOf(Delivery<M> delivery) {
        String receipt = delivery.receipt();
        int separator = receipt.lastIndexOf(PART_SEPARATOR);
        boolean part = separator >= 0 && separator < receipt.length() - 1
                && receipt.substring(separator + 1).chars().allMatch(Character::isDigit);   // '#' is no base64 character
        return part ? receipt.substring(0, separator) : receipt;
    }

    /**
     * Send before delete, so a crash in between leaves the message both sent and dead (at-least-once). Messages not
     * accepted are held invisible while the dead-letter queue is drained, then made visible again; a message that does
     * not decode, or decodes to nothing, is never accepted.
     */
    @Override
    public long redriveDeadLetters(Predicate<? super M> which) {
        Objects.requireNonNull(which, "which");
        SqsQueue dead = queue.deadLetterQueue().orElse(null);
        if (dead == null) {
            return 0;
        }
        long moved = 0;
        List<String> kept = new ArrayList<>();
        try {
            List<Message> received;
            while (!(received = dead.receiveOnce(SqsQueue.MAX_ENTRIES, Duration.ofSeconds(1), REDRIVE_HOLD)).isEmpty()) {
                List<SendMessageBatchRequestEntry> sending = new ArrayList<>();
                List<String> moving = new ArrayList<>();
                for (Message m : received) {
                    if (accepts(m, which)) {
                        sending.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(sending.size()))
                                .messageBody(m.body()).messageAttributes(m.messageAttributes()).build());
                        moving.add(m.receiptHandle());
                    } else {
                        kept.add(m.receiptHandle());
                    }
                }
                if (!sending.isEmpty()) {
                    queue.send(sending);
                    dead.delete(moving);
                    moved += moving.size();
                }
            }
        } finally {
            kept.forEach(handle -> dead.extendVisibility(handle, Duration.ZERO));
        }
        return moved;
    }

    private boolean accepts(Message m, Predicate<? super M> which) {
        try {
            return format.decode(toMessage(m)).stream().anyMatch(which);
        } catch (IllegalArgumentException | IllegalStateException unreadable) {
            return false;                            // stays dead; an unreachable spool (S3) still fails the redrive
        }
    }

    @Override
    public QueueStats stats() {
        return queue.stats();
    }
}
