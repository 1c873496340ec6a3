package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.IngestQueueContract;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.batch.Batch;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The file queue as the local ingest queue. */
class FileIngestQueueTest extends IngestQueueContract {
    @TempDir
    Path dir;
    private final AtomicInteger queues = new AtomicInteger();

    @Override
    protected MessageQueue<Batch> newQueue(Duration visibilityTimeout, int maxReceives) {
        return FileMessageQueue.batches(dir.resolve("ingest-" + queues.incrementAndGet()), visibilityTimeout, maxReceives);
    }
}
