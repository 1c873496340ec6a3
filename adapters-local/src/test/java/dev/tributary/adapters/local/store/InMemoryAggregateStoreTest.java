package dev.tributary.adapters.local.store;

import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AggregateStoreContract;
import dev.tributary.application.port.out.AppliedBatchLedger;

class InMemoryAggregateStoreTest extends AggregateStoreContract {
    @Override
    protected AggregateStore newStore() {
        return new InMemoryAggregateStore();
    }

    @Override
    protected AppliedBatchLedger ledgerOf(AggregateStore store) {
        return (InMemoryAggregateStore) store;
    }
}
