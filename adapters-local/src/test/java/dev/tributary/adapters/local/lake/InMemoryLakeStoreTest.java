package dev.tributary.adapters.local.lake;

import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.LakeStoreContract;

class InMemoryLakeStoreTest extends LakeStoreContract {
    @Override
    protected LakeStore newLakeStore() {
        return new InMemoryLakeStore();
    }
}
