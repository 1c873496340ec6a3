package dev.tributary.adapters.local.lake;

import dev.tributary.application.port.out.LakeStore;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A lake in memory, for fast tests: puts are atomic (a reader sees the old or the new object) and replace by key;
 * objects are copied in and out so callers cannot change them afterwards. Nothing survives the JVM.
 */
public final class InMemoryLakeStore implements LakeStore {
    private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();

    @Override
    public void delete(ObjectKey key) {
        objects.remove(key.path());
    }

    @Override
    public void put(ObjectKey key, LakeObject object) {
        objects.put(key.path(), new Stored(key, new LakeObject(object.bytes().clone(), object.metadata())));
    }

    @Override
    public Optional<LakeObject> get(ObjectKey key) {
        return Optional.ofNullable(objects.get(key.path()))
                .map(s -> new LakeObject(s.object.bytes().clone(), s.object.metadata()));
    }

    @Override
    public List<ObjectKey> list(Zone zone, Optional<SourceName> source) {
        String prefix = zone.prefix() + "/" + source.map(s -> "source=" + s.value() + "/").orElse("");
        return objects.subMap(prefix, prefix + Character.MAX_VALUE).values().stream().map(s -> s.key).toList();
    }

    @Override
    public List<ObjectKey> listNewest(Zone zone, SourceName source, Optional<BatchId> before, int limit) {
        String prefix = zone.prefix() + "/source=" + source.value() + "/";
        return objects.subMap(prefix, prefix + Character.MAX_VALUE).descendingMap().values().stream()
                .map(s -> s.key)
                .filter(key -> before.map(b -> key.batch().compareTo(b) < 0).orElse(true))
                .limit(limit)
                .toList();
    }

    private record Stored(ObjectKey key, LakeObject object) {
    }
}
