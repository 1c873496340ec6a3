package dev.tributary.application.port.out;

import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.NoticeQueue.Notice;
import dev.tributary.domain.lake.ObjectKey;

import dev.tributary.domain.scaling.QueueStats;
import java.time.Duration;
import java.util.List;

/** What every {@link NoticeQueue} adapter promises: the shared queue contract, carrying object keys. */
public abstract class NoticeQueueContract extends MessageQueueContract<NoticeQueue, ObjectKey, Notice> {

    @Override
    ObjectKey newMessage() {
        return TestBatches.rawKey();
    }

    @Override
    void publish(NoticeQueue queue, ObjectKey message) {
        queue.publish(message);
    }

    @Override
    List<Notice> receive(NoticeQueue queue, int max, Duration wait) {
        return queue.receive(max, wait);
    }

    @Override
    void acknowledge(NoticeQueue queue, Notice notice) {
        queue.acknowledge(notice);
    }

    @Override
    QueueStats stats(NoticeQueue queue) {
        return queue.stats();
    }

    @Override
    ObjectKey messageOf(Notice notice) {
        return notice.key();
    }

    @Override
    int attemptOf(Notice notice) {
        return notice.attempt();
    }
}
