package dev.tributary.adapters.postgres;

import dev.tributary.application.TestSources;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AggregateStoreContract;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.lake.AppliedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.tributary.application.port.out.StoreFixtures.ORDERS;
import static dev.tributary.application.port.out.StoreFixtures.apply;
import static dev.tributary.application.port.out.StoreFixtures.entry;
import static dev.tributary.application.port.out.StoreFixtures.order;
import static dev.tributary.application.port.out.StoreFixtures.orders;
import static dev.tributary.application.port.out.StoreFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One embedded PostgreSQL for the class, an emptied schema per test. */
class JdbcAggregateStoreIT extends AggregateStoreContract {
    @RegisterExtension
    static final EmptySchema SCHEMA = new EmptySchema();
    private DataSource dataSource;
    private AggregateStore store;

    @Override
    protected AggregateStore newStore() {
        dataSource = SCHEMA.fresh();
        store = SCHEMA.store();
        return store;
    }

    @Override
    protected AppliedBatchLedger ledgerOf(AggregateStore store) {
        return SCHEMA.ledger();
    }

    @Test
    void tablesAndColumnsExplainThemselves() throws SQLException {
        List<String> undocumented = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT c.relname, a.attname, obj_description(c.oid, 'pg_class') AS table_comment,
                            col_description(c.oid, a.attnum) AS column_comment
                     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'flyway_schema_history'
                     """)) {
            while (rs.next()) {
                if (rs.getString("table_comment") == null) {
                    undocumented.add(rs.getString("relname"));
                }
                if (rs.getString("column_comment") == null) {
                    undocumented.add(rs.getString("relname") + "." + rs.getString("attname"));
                }
            }
        }

        assertThat(undocumented).isEmpty();
        assertThat(comment("SELECT obj_description('orders_per_hour_by_country'::regclass, 'pg_class')"))
                .contains("Orders per hour by country", "orders");
        assertThat(comment("SELECT col_description('orders_per_hour_by_country'::regclass, 6)"))
                .isEqualTo("Number of values averaged into average_order; needed to add later batches to the average.");
        assertThat(tables()).contains("applied_batches", "orders_per_hour_by_country",
                "orders_per_hour_by_country__distinct_customers");
    }

    /**
     * The ledger row goes in through Micronaut Data's repository, the upserts through SQL built per aggregation: both
     * must run on the transaction's one connection, or a failed upsert would leave the row and lose the batch.
     */
    @Test
    void aFailedUpsertRollsBackTheBatchsLedgerRowSoTheRedeliveryCountsItOnce() throws SQLException {
        AppliedBatch entry = entry(1);
        List<AggregateDelta> deltas = List.of(orders(order(0, "DE", "10", "alice"), order(1, "DE", "5", "bob")));
        execute("CREATE FUNCTION refuse_upsert() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'upsert refused by the test'; END $$");
        execute("CREATE TRIGGER refuse_upsert BEFORE INSERT OR UPDATE ON " + ORDERS.table()
                + " FOR EACH ROW EXECUTE FUNCTION refuse_upsert()");

        // PostgreSQL answered and refused: the batch's own failure (dead-letter path), not an outage to wait out
        assertThatThrownBy(() -> apply(store, entry, deltas)).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(PortUnavailableException.class).hasStackTraceContaining("upsert refused by the test");
        assertThat(ledgerRowsOf(entry)).isZero();

        execute("DROP TRIGGER refuse_upsert ON " + ORDERS.table());
        assertThat(apply(store, entry, deltas)).isEqualTo(new LedgerOutcome.Applied());
        assertThat(apply(store, entry, deltas)).isInstanceOf(LedgerOutcome.AlreadyApplied.class);
        assertThat(ledgerRowsOf(entry)).isOne();
        assertThat(row(store.query(ORDERS, AggregateQuery.latest(10)), 0)).containsEntry("orders", 2L);
    }

    @Test
    void queryingATableNeverPreparedIsRefusedNotAnOutage() {
        AggregateStore store = SCHEMA.store();

        assertThatThrownBy(() -> store.query(TestSources.clicksPerMinuteByPage(), AggregateQuery.latest(1)))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(PortUnavailableException.class)
                .hasMessageContaining("aggregate store").hasMessageContaining("PostgreSQL refused");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long ledgerRowsOf(AppliedBatch entry) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM applied_batches WHERE batch_id = ?")) {
            ps.setObject(1, entry.lineage().batch().value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String comment(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
