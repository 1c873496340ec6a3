package dev.tributary.application.port.out;

import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.IngestQueue.Delivery;
import dev.tributary.domain.batch.Batch;

import dev.tributary.domain.scaling.QueueStats;
import java.time.Duration;
import java.util.List;

/** What every {@link IngestQueue} adapter promises: the shared queue contract, carrying whole batches. */
public abstract class IngestQueueContract extends MessageQueueContract<IngestQueue, Batch, Delivery> {

    @Override
    Batch newMessage() {
        return TestBatches.orders(2);
    }

    @Override
    void publish(IngestQueue queue, Batch message) {
        queue.publish(message);
    }

    @Override
    List<Delivery> receive(IngestQueue queue, int max, Duration wait) {
        return queue.receive(max, wait);
    }

    @Override
    void acknowledge(IngestQueue queue, Delivery delivery) {
        queue.acknowledge(delivery);
    }

    @Override
    QueueStats stats(IngestQueue queue) {
        return queue.stats();
    }

    @Override
    Batch messageOf(Delivery delivery) {
        return delivery.batch();
    }

    @Override
    int attemptOf(Delivery delivery) {
        return delivery.attempt();
    }
}
