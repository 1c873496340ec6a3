package dev.tributary.application.port.out;

import dev.tributary.application.TestBatches;
import dev.tributary.domain.batch.Batch;

/** What every ingest queue ({@code MessageQueue<Batch>}) promises: the queue contract, carrying whole batches. */
public abstract class IngestQueueContract extends MessageQueueContract<Batch> {

    @Override
    protected Batch newMessage() {
        return TestBatches.orders(2);
    }
}
