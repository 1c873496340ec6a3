package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.NoticeQueueContract;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.lake.ObjectKey;

import java.time.Clock;
import java.time.Duration;

/** The in-memory queue carrying what the notice queue carries. */
class InMemoryNoticeQueueTest extends NoticeQueueContract {
    @Override
    protected MessageQueue<ObjectKey> newQueue(Duration visibilityTimeout, int maxReceives) {
        return new InMemoryMessageQueue<>(visibilityTimeout, maxReceives, Clock.systemUTC());
    }
}
