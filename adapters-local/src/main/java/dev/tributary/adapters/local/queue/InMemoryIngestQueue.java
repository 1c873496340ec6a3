package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.domain.batch.Batch;

import dev.tributary.domain.scaling.QueueStats;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * An ingest queue in memory, for fast tests: the redelivery, attempt and dead-letter semantics of
 * {@link FileIngestQueue}, but nothing survives the JVM.
 */
public final class InMemoryIngestQueue implements IngestQueue {
    private final InMemoryMessageQueue<Batch> queue;

    public InMemoryIngestQueue(Duration visibilityTimeout) {
        this(visibilityTimeout, InMemoryMessageQueue.DEFAULT_MAX_RECEIVES, Clock.systemUTC());
    }

    public InMemoryIngestQueue(Duration visibilityTimeout, int maxReceives, Clock clock) {
        this.queue = new InMemoryMessageQueue<>(visibilityTimeout, maxReceives, clock);
    }

    @Override
    public void publish(Batch batch) {
        queue.publish(batch);
    }

    @Override
    public List<Delivery> receive(int max, Duration wait) {
        return queue.receive(max, wait).stream().map(r -> new Delivery(r.body(), r.attempt(), r.receipt())).toList();
    }

    @Override
    public void acknowledge(Delivery delivery) {
        queue.acknowledge(delivery.receipt());
    }

    @Override
    public QueueStats stats() {
        return queue.stats();
    }

    /** The batches given up after too many receives, oldest first. */
    public List<Batch> deadLetters() {
        return queue.deadLetters();
    }
}
