package dev.tributary.adapters.local.lake;

import dev.tributary.adapters.local.queue.InMemoryMessageQueue;
import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.LakeStore.LakeObject;
import dev.tributary.application.port.out.LakeStoreContract;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.scaling.QueueStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifyingLakeStoreTest extends LakeStoreContract {
    private static final LakeObject OBJECT = new LakeObject(new byte[]{1, 2, 3}, Map.of("source", "orders"));
    private final InMemoryMessageQueue<ObjectKey> rawNotices = new InMemoryMessageQueue<>(Duration.ofSeconds(30));
    private final InMemoryLakeStore lake = new InMemoryLakeStore();

    @Override
    protected LakeStore newLakeStore() {
        return new NotifyingLakeStore(new InMemoryLakeStore(), Map.of(Zone.RAW, new InMemoryMessageQueue<>(Duration.ofSeconds(30))));
    }

    @Test
    void putInAZoneWithANoticeQueuePublishesTheKeyThere() {
        LakeStore notifying = new NotifyingLakeStore(lake, Map.of(Zone.RAW, rawNotices));
        ObjectKey key = TestBatches.rawKey();

        notifying.put(key, OBJECT);

        assertThat(lake.get(key)).contains(OBJECT);
        assertThat(rawNotices.receive(10, Duration.ZERO)).extracting(MessageQueue.Delivery::message).containsExactly(key);
    }

    @Test
    void putInAZoneWithoutANoticeQueueOnlyWritesTheObject() {
        LakeStore notifying = new NotifyingLakeStore(lake, Map.of(Zone.RAW, rawNotices));
        ObjectKey transformed = TestBatches.rawKey().in(Zone.TRANSFORMED);

        notifying.put(transformed, OBJECT);

        assertThat(lake.get(transformed)).contains(OBJECT);
        assertThat(rawNotices.stats().waiting()).isZero();
    }

    @Test
    void putFailsWhenTheNoticeCannotBeQueuedSoTheCallerRetries() {
        MessageQueue<ObjectKey> broken = new MessageQueue<ObjectKey>() {
            @Override
            public void publish(ObjectKey key) {
                throw new PortUnavailableException("notice queue", "disk full", null);
            }

            @Override
            public List<MessageQueue.Delivery<ObjectKey>> receive(int max, Duration wait) {
                return List.of();
            }

            @Override
            public void acknowledge(MessageQueue.Delivery<ObjectKey> notice) {
            }

            @Override
            public void release(MessageQueue.Delivery<ObjectKey> notice, Duration delay) {
                throw new UnsupportedOperationException();
            }

            @Override
            public QueueStats stats() {
                return QueueStats.EMPTY;
            }

            @Override
            public long redriveDeadLetters(Predicate<? super ObjectKey> which) {
                return 0;
            }
        };
        LakeStore notifying = new NotifyingLakeStore(lake, Map.of(Zone.RAW, broken));

        assertThatThrownBy(() -> notifying.put(TestBatches.rawKey(), OBJECT))
                .isInstanceOf(PortUnavailableException.class);
    }
}
