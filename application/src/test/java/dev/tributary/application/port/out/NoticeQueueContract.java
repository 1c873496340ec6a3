package dev.tributary.application.port.out;

import dev.tributary.application.TestBatches;
import dev.tributary.domain.lake.ObjectKey;

/** What every notice queue ({@code MessageQueue<ObjectKey>}) promises: the queue contract, carrying object keys. */
public abstract class NoticeQueueContract extends MessageQueueContract<ObjectKey> {

    @Override
    protected ObjectKey newMessage() {
        return TestBatches.rawKey();
    }
}
