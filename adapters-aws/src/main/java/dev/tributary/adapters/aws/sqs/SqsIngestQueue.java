package dev.tributary.adapters.aws.sqs;

import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.application.port.out.QueueStats;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
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
import java.util.TreeMap;

/**
 * The ingest queue on SQS (standard queue with a redrive policy to its dead-letter queue).
 * <ul>
 *   <li>{@link #publish} returns once SQS accepted every message of the batch (invariant 1); a batch is one message,
 *       or several parts when it exceeds {@code maxMessageBytes}, encoded by {@link BatchMessages};</li>
 *   <li>{@link #receive} long-polls (up to 20 s per call) and returns whole batches: parts are held until all parts
 *       of their batch are in hand. Parts of one batch received by different consumers are not joined; they become
 *       visible again after the visibility timeout and are retried, and dead-lettered like any message after the
 *       queue's maxReceiveCount;</li>
 *   <li>{@link #acknowledge} deletes every message of the batch ({@code DeleteMessageBatch});</li>
 *   <li>redelivery, attempts and dead letters are SQS's: attempt = ApproximateReceiveCount (the highest of the
 *       parts'), dead letters = the redrive target's message count.</li>
 * </ul>
 * {@link #stats()} counts SQS messages, so a batch in parts counts once per part; the oldest age is zero (SQS only
 * publishes it to CloudWatch).
 */
public final class SqsIngestQueue implements IngestQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SqsIngestQueue.class);
    /** SQS's default and minimum-maximum message size; queues may allow up to 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    private static final String RECEIPT_SEPARATOR = "\n";

    private final SqsQueue queue;
    private final int maxMessageBytes;
    private final Duration holdParts;
    private final Map<BatchId, Map<Integer, HeldPart>> held = new HashMap<>();

    private record HeldPart(BatchMessages.Message message, String receipt, int attempt, long receivedNanos) {}

    /**
     * @param maxMessageBytes the queue's MaximumMessageSize; larger batches are split into parts of at most this size
     * @param holdParts       how long a received part waits for the rest of its batch: the queue's visibility timeout
     */
    public SqsIngestQueue(SqsClient sqs, URI queueUrl, int maxMessageBytes, Duration holdParts) {
        this.queue = new SqsQueue(sqs, queueUrl, "ingest-queue");
        this.maxMessageBytes = maxMessageBytes;
        this.holdParts = holdParts;
    }

    @Override
    public void publish(Batch batch) {
        List<BatchMessages.Message> messages = BatchMessages.encode(batch, maxMessageBytes);
        List<SendMessageBatchRequestEntry> call = new ArrayList<>();
        int callBytes = 0;
        for (int i = 0; i < messages.size(); i++) {
            BatchMessages.Message m = messages.get(i);
            if (!call.isEmpty() && (call.size() == SqsQueue.MAX_ENTRIES || callBytes + m.size() > maxMessageBytes)) {
                queue.send(call);  // SQS limits a batch call's total size to the message size limit as well
                call = new ArrayList<>();
                callBytes = 0;
            }
            call.add(entry(Integer.toString(i), m));
            callBytes += m.size();
        }
        queue.send(call);
        LOG.atDebug().addKeyValue("source", batch.source()).addKeyValue("batchId", batch.id())
                .addKeyValue("bytes", batch.payload().length).addKeyValue("parts", messages.size()).log("batch queued");
    }

    static SendMessageBatchRequestEntry entry(String id, BatchMessages.Message m) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        m.attributes().forEach((k, v) -> attributes.put(k,
                MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        return SendMessageBatchRequestEntry.builder().id(id).messageBody(m.body()).messageAttributes(attributes).build();
    }

    @Override
    public List<Delivery> receive(int max, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            List<Delivery> deliveries = new ArrayList<>();
            for (Message m : queue.receive(max, left)) {
                BatchMessages.Message message = toMessage(m);
                if (message.partCount() == 1) {
                    deliveries.add(new Delivery(BatchMessages.decode(List.of(message)), SqsQueue.attempt(m),
                            m.receiptHandle()));
                } else {
                    hold(message, m).ifPresent(deliveries::add);
                }
            }
            if (!deliveries.isEmpty() || left.isZero() || !holdingParts()) {
                return deliveries;
            }
        }
    }

    private synchronized java.util.Optional<Delivery> hold(BatchMessages.Message message, Message m) {
        long now = System.nanoTime();
        held.values().forEach(parts -> parts.values().removeIf(p -> now - p.receivedNanos() > holdParts.toNanos()));
        held.values().removeIf(Map::isEmpty);
        Map<Integer, HeldPart> parts = held.computeIfAbsent(message.batchId(), id -> new TreeMap<>());
        parts.put(message.partNumber(), new HeldPart(message, m.receiptHandle(), SqsQueue.attempt(m), now));
        if (parts.size() < message.partCount()) {
            return java.util.Optional.empty();
        }
        held.remove(message.batchId());
        Batch batch = BatchMessages.decode(parts.values().stream().map(HeldPart::message).toList());
        int attempt = parts.values().stream().mapToInt(HeldPart::attempt).max().orElse(1);
        String receipts = String.join(RECEIPT_SEPARATOR, parts.values().stream().map(HeldPart::receipt).toList());
        return java.util.Optional.of(new Delivery(batch, attempt, receipts));
    }

    private synchronized boolean holdingParts() {
        return !held.isEmpty();
    }

    private static BatchMessages.Message toMessage(Message m) {
        Map<String, String> attributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> attributes.put(k, v.stringValue()));
        return new BatchMessages.Message(m.body(), attributes);
    }

    @Override
    public void acknowledge(Delivery delivery) {
        queue.delete(List.of(delivery.receipt().split(RECEIPT_SEPARATOR)));
    }

    /** Keeps a delivery hidden for {@code timeout} more, for a batch whose effect takes longer than the visibility timeout. */
    public void extendVisibility(Delivery delivery, Duration timeout) {
        for (String receipt : delivery.receipt().split(RECEIPT_SEPARATOR)) {
            queue.extendVisibility(receipt, timeout);
        }
    }

    @Override
    public QueueStats stats() {
        return queue.stats();
    }
}
