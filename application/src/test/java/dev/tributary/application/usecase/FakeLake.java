package dev.tributary.application.usecase;

import dev.tributary.application.port.out.LakeStore;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A map-backed {@link LakeStore} for use-case tests that also remembers which objects were read. */
final class FakeLake implements LakeStore {
    private final Map<ObjectKey, LakeObject> objects = new HashMap<>();
    private final List<ObjectKey> reads = new ArrayList<>();
    private final List<SourceName> listings = new ArrayList<>();

    @Override
    public void put(ObjectKey key, LakeObject object) {
        objects.put(key, object);
    }

    @Override
    public void delete(ObjectKey key) {
        objects.remove(key);
    }

    @Override
    public Optional<LakeObject> get(ObjectKey key) {
        reads.add(key);
        return Optional.ofNullable(objects.get(key));
    }

    @Override
    public List<ObjectKey> list(Zone zone, Optional<SourceName> source) {
        return objects.keySet().stream()
                .filter(k -> k.zone() == zone && source.map(k.source()::equals).orElse(true))
                .sorted(Comparator.comparing(ObjectKey::path))
                .toList();
    }

    @Override
    public List<ObjectKey> listNewest(Zone zone, SourceName source, Optional<BatchId> before, int limit) {
        listings.add(source);
        return objects.keySet().stream()
                .filter(k -> k.zone() == zone && k.source().equals(source))
                .filter(k -> before.map(b -> k.batch().compareTo(b) < 0).orElse(true))
                .sorted(Comparator.comparing(ObjectKey::batch).reversed())
                .limit(limit)
                .toList();
    }

    /** The source of every {@link #listNewest} call, in order. */
    List<SourceName> listings() {
        return List.copyOf(listings);
    }

    /** Every key passed to {@link #get}, in order. */
    List<ObjectKey> reads() {
        return List.copyOf(reads);
    }
}
