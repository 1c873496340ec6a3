package dev.tributary.application.port.out;

import dev.tributary.domain.batch.Batch;

import dev.tributary.domain.scaling.QueueStats;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Durable buffer between ingest and the lake. At-least-once: a batch received but not acknowledged within the
 * visibility timeout is delivered again, also after a crash; after the queue's maximum number of receives it moves
 * to the dead-letter queue instead (invariant 4).
 */
public interface IngestQueue {

    /** Returns only once the batch is durable (SQS accepted it / the local file is fsynced): invariant 1. */
    void publish(Batch batch);

    /** Waits up to {@code wait} for at least one batch; returns at most {@code max}. */
    List<Delivery> receive(int max, Duration wait);

    /** Deletes the delivered batch for good; call only after its effect is durable (invariant 3). */
    void acknowledge(Delivery delivery);

    QueueStats stats();

    /** A received batch, how many times it has been received (1 on first delivery) and the handle to acknowledge it. */
    record Delivery(Batch batch, int attempt, String receipt) {
        public Delivery {
            Objects.requireNonNull(batch, "batch");
            Objects.requireNonNull(receipt, "receipt");
        }
    }
}
