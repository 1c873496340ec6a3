package dev.tributary.adapters.aws.sqs;

import dev.tributary.adapters.aws.s3.LakeBuckets;
import dev.tributary.application.port.out.NoticeQueue;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.scaling.QueueStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lake-object notices on SQS whose bodies are exactly S3 event notifications, so on AWS S3 itself publishes to the
 * queue (the staged bucket's ObjectCreated events feed the aggregators) and {@link #publish} is only needed where no
 * bucket notification is configured. Receive maps each record's bucket and URL-decoded key to an {@link ObjectKey}.
 * S3's {@code s3:TestEvent} is deleted on receipt; a body that is not a lake object's event is left alone, so SQS
 * dead-letters it after maxReceiveCount (invariant 4). A message with several records is deleted once every one of
 * its notices was acknowledged. Redelivery, attempts and dead letters as in {@link SqsIngestQueue}.
 */
public final class SqsNoticeQueue implements NoticeQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SqsNoticeQueue.class);
    private static final String RECORD_SEPARATOR = "#";

    private final SqsQueue queue;
    private final LakeBuckets buckets;
    private final Clock clock;
    /** Receipt handle → records of that message still unacknowledged (only for messages with several records). */
    private final Map<String, Integer> unacknowledged = new ConcurrentHashMap<>();

    public SqsNoticeQueue(SqsClient sqs, URI queueUrl, LakeBuckets buckets, Clock clock) {
        this.queue = new SqsQueue(sqs, queueUrl, "notice-queue");
        this.buckets = buckets;
        this.clock = clock;
    }

    @Override
    public void publish(ObjectKey key) {
        String body = S3EventNotifications.objectCreated(buckets.bucket(key.zone()), key.path(), 0, clock.instant());
        queue.send(List.of(SendMessageBatchRequestEntry.builder().id("0").messageBody(body).build()));
    }

    @Override
    public List<Notice> receive(int max, Duration wait) {
        List<Notice> notices = new ArrayList<>();
        for (Message m : queue.receive(max, wait)) {
            List<ObjectKey> keys;
            try {
                keys = S3EventNotifications.createdObjects(m.body()).stream().map(o -> ObjectKey.parse(o.key())).toList();
            } catch (IllegalArgumentException e) {
                LOG.atWarn().addKeyValue("attempt", SqsQueue.attempt(m)).addKeyValue("error", e.getMessage())
                        .log("notice is not a lake object's event, left for the dead-letter queue");
                continue;
            }
            if (keys.isEmpty()) {
                queue.delete(List.of(m.receiptHandle()));   // s3:TestEvent or an event that creates nothing
            } else if (keys.size() == 1) {
                notices.add(new Notice(keys.get(0), SqsQueue.attempt(m), m.receiptHandle()));
            } else {
                unacknowledged.put(m.receiptHandle(), keys.size());
                for (ObjectKey key : keys) {
                    notices.add(new Notice(key, SqsQueue.attempt(m), m.receiptHandle() + RECORD_SEPARATOR + keys.size()));
                }
            }
        }
        return notices;
    }

    @Override
    public void acknowledge(Notice notice) {
        String receipt = notice.receipt();
        int separator = receipt.lastIndexOf(RECORD_SEPARATOR);
        if (separator >= 0 && receipt.substring(separator + 1).chars().allMatch(Character::isDigit)) {
            String handle = receipt.substring(0, separator);
            Integer left = unacknowledged.computeIfPresent(handle, (h, n) -> n - 1);
            if (left != null && left > 0) {
                return;
            }
            unacknowledged.remove(handle);
            receipt = handle;
        }
        queue.delete(List.of(receipt));
    }

    /** Keeps a notice hidden for {@code timeout} more, for a step that takes longer than the visibility timeout. */
    public void extendVisibility(Notice notice, Duration timeout) {
        String receipt = notice.receipt();
        int separator = receipt.lastIndexOf(RECORD_SEPARATOR);
        queue.extendVisibility(unacknowledged.containsKey(receipt.substring(0, Math.max(0, separator)))
                ? receipt.substring(0, separator) : receipt, timeout);
    }

    @Override
    public QueueStats stats() {
        return queue.stats();
    }
}
