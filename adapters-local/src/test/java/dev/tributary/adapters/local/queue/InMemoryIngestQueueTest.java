package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.application.port.out.IngestQueueContract;

import java.time.Clock;
import java.time.Duration;

class InMemoryIngestQueueTest extends IngestQueueContract {
    @Override
    protected IngestQueue newQueue(Duration visibilityTimeout, int maxReceives) {
        return new InMemoryIngestQueue(visibilityTimeout, maxReceives, Clock.systemUTC());
    }
}
