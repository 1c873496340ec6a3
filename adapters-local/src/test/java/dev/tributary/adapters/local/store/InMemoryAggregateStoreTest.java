package dev.tributary.adapters.local.store;

import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AggregateStoreContract;

class InMemoryAggregateStoreTest extends AggregateStoreContract {
    @Override
    protected AggregateStore newStore() {
        return new InMemoryAggregateStore();
    }
}
