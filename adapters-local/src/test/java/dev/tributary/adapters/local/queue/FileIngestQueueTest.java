package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.application.port.out.IngestQueueContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

class FileIngestQueueTest extends IngestQueueContract {
    @TempDir
    Path dir;
    private final AtomicInteger queues = new AtomicInteger();

    @Override
    protected IngestQueue newQueue(Duration visibilityTimeout, int maxReceives) {
        return new FileIngestQueue(dir.resolve("ingest-" + queues.incrementAndGet()), visibilityTimeout, maxReceives);
    }
}
