package dev.tributary.application.usecase;

import dev.tributary.application.port.out.LakeStore;
import dev.tributary.domain.lake.ObjectKey;

/** Reads an object a notice announced; its absence means the notice is stale or the lake lost data. */
final class LakeObjects {
    private LakeObjects() {
    }

    static LakeStore.LakeObject require(LakeStore lake, ObjectKey key) {
        return lake.get(key).orElseThrow(() -> new IllegalStateException("lake object not found: " + key.path()));
    }
}
