package dev.tributary.application.port.out;

import dev.tributary.domain.lake.ObjectKey;

import dev.tributary.domain.scaling.QueueStats;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Notices that a lake object was written, consumed by the next stage (transformation on raw, staging on transformed,
 * aggregators on staged). On AWS these are S3 event notifications (to Lambda, or to SQS for the aggregators);
 * locally a durable on-disk queue per zone. At-least-once with the same redelivery and dead-letter rules as
 * {@link IngestQueue}; consumers must be idempotent, and may see notices out of order.
 */
public interface NoticeQueue {

    /** Returns only once the notice is durable. */
    void publish(ObjectKey key);

    List<Notice> receive(int max, Duration wait);

    /** Deletes the notice; call only after the stage's effect is durable. */
    void acknowledge(Notice notice);

    QueueStats stats();

    record Notice(ObjectKey key, int attempt, String receipt) {
        public Notice {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(receipt, "receipt");
        }
    }
}
