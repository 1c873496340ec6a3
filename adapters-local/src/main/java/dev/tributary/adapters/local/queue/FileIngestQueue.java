package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.scaling.QueueStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The local ingest queue: batches in a {@link DurableFileQueue}. {@link #publish} returns once the batch is fsynced
 * (invariant 1), concurrent publishes share one fsync; unacknowledged batches come back after the visibility timeout
 * and after a restart or crash; a batch received {@code maxReceives} times goes to the dead letters.
 */
public final class FileIngestQueue implements IngestQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileIngestQueue.class);
    private final DurableFileQueue queue;

    public FileIngestQueue(Path directory, Duration visibilityTimeout) {
        this(directory, visibilityTimeout, InMemoryMessageQueue.DEFAULT_MAX_RECEIVES);
    }

    public FileIngestQueue(Path directory, Duration visibilityTimeout, int maxReceives) {
        this(new DurableFileQueue(directory, visibilityTimeout, maxReceives, DurableFileQueue.DEFAULT_SEGMENT_BYTES,
                Clock.systemUTC()));
    }

    public FileIngestQueue(DurableFileQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public void publish(Batch batch) {
        queue.publish(BatchCodec.encode(batch));
        LOG.atDebug().addKeyValue("source", batch.source()).addKeyValue("batchId", batch.id())
                .addKeyValue("bytes", batch.payload().length).log("batch queued");
    }

    @Override
    public List<Delivery> receive(int max, Duration wait) {
        return queue.receive(max, wait).stream()
                .map(r -> new Delivery(BatchCodec.decode(r.body()), r.attempt(), r.receipt()))
                .toList();
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
        return queue.deadLetters().stream().map(d -> BatchCodec.decode(d.body())).toList();
    }

    @Override
    public void close() {
        queue.close();
    }
}
