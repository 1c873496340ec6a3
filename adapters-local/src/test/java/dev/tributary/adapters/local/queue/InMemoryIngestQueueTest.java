package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.IngestQueueContract;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.batch.Batch;

import java.time.Clock;
import java.time.Duration;

/** The in-memory queue carrying what the ingest queue carries. */
class InMemoryIngestQueueTest extends IngestQueueContract {
    @Override
    protected MessageQueue<Batch> newQueue(Duration visibilityTimeout, int maxReceives) {
        return new InMemoryMessageQueue<>(visibilityTimeout, maxReceives, Clock.systemUTC());
    }
}
