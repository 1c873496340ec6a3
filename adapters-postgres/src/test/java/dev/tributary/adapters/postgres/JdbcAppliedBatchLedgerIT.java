package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.AppliedBatchLedgerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger's reads over what {@link JdbcAggregateStore} wrote, on a real PostgreSQL. */
class JdbcAppliedBatchLedgerIT extends AppliedBatchLedgerContract {
    @RegisterExtension
    static final EmptySchema SCHEMA = new EmptySchema();

    @Override
    protected AggregateStore newStore() {
        SCHEMA.fresh();
        return SCHEMA.store();
    }

    @Override
    protected AppliedBatchLedger ledgerOf(AggregateStore store) {
        return SCHEMA.ledger();
    }
}
