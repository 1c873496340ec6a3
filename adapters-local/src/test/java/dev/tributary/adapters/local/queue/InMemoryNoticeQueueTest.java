package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.NoticeQueue;
import dev.tributary.application.port.out.NoticeQueueContract;

import java.time.Clock;
import java.time.Duration;

class InMemoryNoticeQueueTest extends NoticeQueueContract {
    @Override
    protected NoticeQueue newQueue(Duration visibilityTimeout, int maxReceives) {
        return new InMemoryNoticeQueue(visibilityTimeout, maxReceives, Clock.systemUTC());
    }
}
