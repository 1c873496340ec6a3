package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.NoticeQueueContract;
import dev.tributary.domain.lake.ObjectKey;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The file queue as a local notice queue. */
class FileNoticeQueueTest extends NoticeQueueContract {
    @TempDir
    Path dir;
    private final AtomicInteger queues = new AtomicInteger();

    @Override
    protected MessageQueue<ObjectKey> newQueue(Duration visibilityTimeout, int maxReceives) {
        return FileMessageQueue.objectKeys(dir.resolve("notices-" + queues.incrementAndGet()), visibilityTimeout,
                maxReceives);
    }
}
