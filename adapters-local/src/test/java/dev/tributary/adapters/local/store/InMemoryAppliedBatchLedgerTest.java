package dev.tributary.adapters.local.store;

import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.AppliedBatchLedgerContract;

/** The in-memory store is its own ledger. */
class InMemoryAppliedBatchLedgerTest extends AppliedBatchLedgerContract {
    @Override
    protected AggregateStore newStore() {
        return new InMemoryAggregateStore();
    }

    @Override
    protected AppliedBatchLedger ledgerOf(AggregateStore store) {
        return (InMemoryAggregateStore) store;
    }
}
