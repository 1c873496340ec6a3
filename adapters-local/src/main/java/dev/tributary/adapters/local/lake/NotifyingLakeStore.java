package dev.tributary.adapters.local.lake;

import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A lake that tells the next stage about every object written, as S3 event notifications do: {@link #put} writes the
 * object, then publishes its key to the notice queue registered for the key's zone, and returns only when both are
 * durable (invariant 3). Zones without a queue get no notice. A put that fails after the write leaves the object in
 * place and throws; the caller does not acknowledge, so redelivery rewrites the object and sends the notice again.
 */
public final class NotifyingLakeStore implements LakeStore {
    private final LakeStore lake;
    private final Map<Zone, MessageQueue<ObjectKey>> notices;

    public NotifyingLakeStore(LakeStore lake, Map<Zone, ? extends MessageQueue<ObjectKey>> notices) {
        this.lake = Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(notices, "notices");
        this.notices = notices.isEmpty() ? Map.of() : new EnumMap<>(notices);
    }

    /** The same lake without the notices: for work the next stages must not be fed again (a replay). */
    public LakeStore unwatched() {
        return lake;
    }

    @Override
    public void put(ObjectKey key, LakeObject object) {
        lake.put(key, object);
        MessageQueue<ObjectKey> queue = notices.get(key.zone());
        if (queue != null) {
            queue.publish(key);
        }
    }

    /** A deletion is nothing for the next stage to do: no notice. */
    @Override
    public void delete(ObjectKey key) {
        lake.delete(key);
    }

    @Override
    public Optional<LakeObject> get(ObjectKey key) {
        return lake.get(key);
    }

    @Override
    public List<ObjectKey> list(Zone zone, Optional<SourceName> source) {
        return lake.list(zone, source);
    }

    @Override
    public List<ObjectKey> listNewest(Zone zone, SourceName source, Optional<BatchId> before, int limit) {
        return lake.listNewest(zone, source, before, limit);
    }
}
