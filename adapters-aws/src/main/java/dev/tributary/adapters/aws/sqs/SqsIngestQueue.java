package dev.tributary.adapters.aws.sqs;

import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.domain.batch.Batch;
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

/**
 * The ingest queue on SQS (standard queue with a redrive policy to its dead-letter queue).
 * <ul>
 *   <li>{@link #publish} returns once SQS accepted the batch's message (invariant 1); a batch is one message, encoded
 *       by {@link BatchMessages}; a batch too large for a message is put in the {@link BatchMessages.Spool spool}
 *       first and the message names it;</li>
 *   <li>{@link #receive} long-polls (up to 20 s per call) and returns whole batches;</li>
 *   <li>{@link #acknowledge} deletes the batch's message;</li>
 *   <li>redelivery, attempts and dead letters are SQS's: attempt = ApproximateReceiveCount, dead letters = the
 *       redrive target's message count.</li>
 * </ul>
 * {@link #stats()} counts SQS messages; the oldest age is zero (SQS only publishes it to CloudWatch).
 */
public final class SqsIngestQueue implements IngestQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SqsIngestQueue.class);
    /** SQS's default and minimum-maximum message size; queues may allow up to 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

    private final SqsQueue queue;
    private final int maxMessageBytes;
    private final BatchMessages.Spool spool;

    /**
     * @param maxMessageBytes the queue's MaximumMessageSize; larger batches go through the spool
     * @param spool           where batches larger than a message wait (an S3 prefix on AWS)
     */
    public SqsIngestQueue(SqsClient sqs, URI queueUrl, int maxMessageBytes, BatchMessages.Spool spool) {
        this.queue = new SqsQueue(sqs, queueUrl, "ingest-queue");
        this.maxMessageBytes = maxMessageBytes;
        this.spool = spool;
    }

    @Override
    public void publish(Batch batch) {
        BatchMessages.Message message = BatchMessages.encode(batch, maxMessageBytes, spool);
        queue.send(List.of(entry("0", message)));
        LOG.atDebug().addKeyValue("source", batch.source()).addKeyValue("batchId", batch.id())
                .addKeyValue("bytes", batch.payload().length).addKeyValue("encoding", message.attributes().get("encoding"))
                .log("batch queued");
    }

    static SendMessageBatchRequestEntry entry(String id, BatchMessages.Message m) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        m.attributes().forEach((k, v) -> attributes.put(k,
                MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        return SendMessageBatchRequestEntry.builder().id(id).messageBody(m.body()).messageAttributes(attributes).build();
    }

    @Override
    public List<Delivery> receive(int max, Duration wait) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Message m : queue.receive(max, wait)) {
            deliveries.add(new Delivery(BatchMessages.decode(toMessage(m), spool), SqsQueue.attempt(m),
                    m.receiptHandle()));
        }
        return deliveries;
    }

    private static BatchMessages.Message toMessage(Message m) {
        Map<String, String> attributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> attributes.put(k, v.stringValue()));
        return new BatchMessages.Message(m.body(), attributes);
    }

    @Override
    public void acknowledge(Delivery delivery) {
        queue.delete(List.of(delivery.receipt()));
    }

    /** Keeps a delivery hidden for {@code timeout} more, for a batch whose effect takes longer than the visibility timeout. */
    public void extendVisibility(Delivery delivery, Duration timeout) {
        queue.extendVisibility(delivery.receipt(), timeout);
    }

    @Override
    public QueueStats stats() {
        return queue.stats();
    }
}
