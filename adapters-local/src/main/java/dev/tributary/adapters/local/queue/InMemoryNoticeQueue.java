package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.NoticeQueue;
import dev.tributary.domain.lake.ObjectKey;

import dev.tributary.domain.scaling.QueueStats;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A notice queue in memory, for fast tests: the redelivery, attempt and dead-letter semantics of
 * {@link FileNoticeQueue}, but nothing survives the JVM.
 */
public final class InMemoryNoticeQueue implements NoticeQueue {
    private final InMemoryMessageQueue<ObjectKey> queue;

    public InMemoryNoticeQueue(Duration visibilityTimeout) {
        this(visibilityTimeout, InMemoryMessageQueue.DEFAULT_MAX_RECEIVES, Clock.systemUTC());
    }

    public InMemoryNoticeQueue(Duration visibilityTimeout, int maxReceives, Clock clock) {
        this.queue = new InMemoryMessageQueue<>(visibilityTimeout, maxReceives, clock);
    }

    @Override
    public void publish(ObjectKey key) {
        queue.publish(key);
    }

    @Override
    public List<Notice> receive(int max, Duration wait) {
        return queue.receive(max, wait).stream().map(r -> new Notice(r.body(), r.attempt(), r.receipt())).toList();
    }

    @Override
    public void acknowledge(Notice notice) {
        queue.acknowledge(notice.receipt());
    }

    @Override
    public QueueStats stats() {
        return queue.stats();
    }

    /** The object keys given up after too many receives, oldest first. */
    public List<ObjectKey> deadLetters() {
        return queue.deadLetters();
    }
}
