package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.AppliedBatchLedgerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** The ledger's reads over what {@link JdbcAggregateStore} wrote, on a real PostgreSQL. */
class JdbcAppliedBatchLedgerIT extends AppliedBatchLedgerContract {
    @RegisterExtension
    static final EmptySchema SCHEMA = new EmptySchema();
    private DataSource dataSource;

    @Override
    protected AggregateStore newStore() {
        dataSource = SCHEMA.fresh();
        return new JdbcAggregateStore(dataSource);
    }

    @Override
    protected AppliedBatchLedger ledgerOf(AggregateStore store) {
        return new JdbcAppliedBatchLedger(dataSource);
    }
}
