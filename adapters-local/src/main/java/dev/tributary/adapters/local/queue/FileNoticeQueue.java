package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.NoticeQueue;
import dev.tributary.domain.lake.ObjectKey;

import dev.tributary.domain.scaling.QueueStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A local notice queue (one per zone): object keys, as their path, in a {@link DurableFileQueue}. {@link #publish}
 * returns once the notice is fsynced; redelivery and dead letters as for {@link FileIngestQueue}.
 */
public final class FileNoticeQueue implements NoticeQueue, AutoCloseable {
    private final DurableFileQueue queue;

    public FileNoticeQueue(Path directory, Duration visibilityTimeout) {
        this(directory, visibilityTimeout, InMemoryMessageQueue.DEFAULT_MAX_RECEIVES);
    }

    public FileNoticeQueue(Path directory, Duration visibilityTimeout, int maxReceives) {
        this(new DurableFileQueue(directory, visibilityTimeout, maxReceives, DurableFileQueue.DEFAULT_SEGMENT_BYTES,
                Clock.systemUTC()));
    }

    public FileNoticeQueue(DurableFileQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public void publish(ObjectKey key) {
        queue.publish(key.path().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<Notice> receive(int max, Duration wait) {
        return queue.receive(max, wait).stream()
                .map(r -> new Notice(ObjectKey.parse(new String(r.body(), StandardCharsets.UTF_8)), r.attempt(),
                        r.receipt()))
                .toList();
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
        return queue.deadLetters().stream()
                .map(d -> ObjectKey.parse(new String(d.body(), StandardCharsets.UTF_8))).toList();
    }

    @Override
    public void close() {
        queue.close();
    }
}
