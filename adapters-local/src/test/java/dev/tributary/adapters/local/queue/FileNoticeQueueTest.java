package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.NoticeQueue;
import dev.tributary.application.port.out.NoticeQueueContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

class FileNoticeQueueTest extends NoticeQueueContract {
    @TempDir
    Path dir;
    private final AtomicInteger queues = new AtomicInteger();

    @Override
    protected NoticeQueue newQueue(Duration visibilityTimeout, int maxReceives) {
        return new FileNoticeQueue(dir.resolve("notice-" + queues.incrementAndGet()), visibilityTimeout, maxReceives);
    }
}
