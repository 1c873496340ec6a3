package dev.tributary.adapters.postgres;

import dev.tributary.application.TestSources;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AggregateStoreContract;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Aggregator;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
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
import java.time.Instant;
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
                     WHERE n.nspname IN ('reports', 'tributary') AND c.relkind IN ('r', 'v')
                       AND c.relname <> 'flyway_schema_history'
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
        assertThat(scalar("SELECT obj_description('reports.orders_per_hour_by_country'::regclass, 'pg_class')"))
                .contains("Orders per hour by country", "orders");
        assertThat(scalar("SELECT col_description('tributary.orders_per_hour_by_country__averages'::regclass, 4)"))
                .isEqualTo("Number of values averaged into average_order.");
        assertThat(tables("reports")).containsExactlyInAnyOrder("orders_per_hour_by_country");
        assertThat(columns("reports", "orders_per_hour_by_country")).doesNotContain("average_order_samples");
        assertThat(tables("tributary")).contains("applied_batches", "idempotency_keys", "flyway_schema_history",
                "orders_per_hour_by_country__distinct_customers", "orders_per_hour_by_country__averages");
        assertThat(tables("public")).isEmpty();
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
        execute("CREATE TRIGGER refuse_upsert BEFORE INSERT OR UPDATE ON reports." + ORDERS.table()
                + " FOR EACH ROW EXECUTE FUNCTION refuse_upsert()");

        // PostgreSQL answered and refused: the batch's own failure (dead-letter path), not an outage to wait out
        assertThatThrownBy(() -> apply(store, entry, deltas)).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(PortUnavailableException.class).hasStackTraceContaining("upsert refused by the test");
        assertThat(ledgerRowsOf(entry)).isZero();

        execute("DROP TRIGGER refuse_upsert ON reports." + ORDERS.table());
        assertThat(apply(store, entry, deltas)).isEqualTo(new LedgerOutcome.Applied());
        assertThat(apply(store, entry, deltas)).isInstanceOf(LedgerOutcome.AlreadyApplied.class);
        assertThat(ledgerRowsOf(entry)).isOne();
        assertThat(row(store.query(ORDERS, AggregateQuery.latest(10)), 0)).containsEntry("orders", 2L);
    }

    /** What a BI tool's login gets when granted the read-only role: the reports, and not one internal table. */
    @Test
    void theReadOnlyRoleReadsReportsAndTheCatalogAndNothingElse() throws SQLException {
        apply(store, entry(1), List.of(orders(order(0, "DE", "10", "alice"))));
        execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bi_tool') THEN "
                + "CREATE ROLE bi_tool LOGIN; END IF; END $$");
        execute("GRANT " + JdbcSchema.READER_ROLE + " TO bi_tool");

        try (Connection bi = SCHEMA.connectAs("bi_tool"); Statement s = bi.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT orders, revenue FROM reports.orders_per_hour_by_country")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isOne();
            }
            try (ResultSet rs = s.executeQuery("SELECT source, table_name, row_per, last_aggregated_at "
                    + "FROM reports.catalog")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("table_name")).isEqualTo("orders_per_hour_by_country");
                assertThat(rs.getString("row_per")).isEqualTo("hour and country");
                assertThat(rs.getTimestamp("last_aggregated_at")).isNotNull();
            }
            for (String internal : List.of("SELECT * FROM tributary.applied_batches",
                    "SELECT * FROM tributary.idempotency_keys", "SELECT * FROM tributary.flyway_schema_history",
                    "SELECT * FROM tributary.orders_per_hour_by_country__averages",
                    "INSERT INTO reports.orders_per_hour_by_country (hour, country) VALUES (now(), 'x')",
                    "CREATE TABLE reports.mine (x int)")) {
                assertThatThrownBy(() -> s.execute(internal)).as(internal).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
        }
    }

    /**
     * An aggregation removed from the YAML (or renamed): its table keeps its rows, but its comment and the catalog
     * say nothing fills it any more, and the catalog stops showing the source's freshness as the table's. Declared
     * again, it is filled and described again; dropped by hand, it leaves the catalog.
     */
    @Test
    void aTableNoSourceDeclaresAnyMoreKeepsItsRowsAndSaysItIsNoLongerFilled() throws SQLException {
        apply(store, entry(1), List.of(orders(order(0, "DE", "10", "alice"))));
        AggregationSpec perDay = new AggregationSpec("orders_per_day", "Orders per day", Bucket.DAY, List.of(),
                List.of(new Measure("orders", MeasureFunction.COUNT, null, "number of orders")));

        store.prepare(List.of(TestSources.orders(perDay)));
        AppliedBatch e = entry(2);
        AppliedBatch later = new AppliedBatch(e.lineage(), e.rawObject(), e.stagedObject(),
                Instant.now().plusSeconds(60), e.events(), e.definitionVersion());     // aggregated after the start
        apply(store, later, List.of(Aggregator.aggregate(perDay, List.of(order(5, "FR", "20", "bob")))));

        assertThat(tables("reports")).containsExactlyInAnyOrder("orders_per_hour_by_country", "orders_per_day");
        assertThat(row(store.query(ORDERS, AggregateQuery.latest(10)), 0)).containsEntry("orders", 1L);
        assertThat(scalar("SELECT obj_description('reports.orders_per_hour_by_country'::regclass, 'pg_class')"))
                .startsWith("No longer filled since ").contains("it was Orders per hour by country, from source orders");
        assertThat(scalar("SELECT no_longer_filled_since::text FROM reports.catalog"
                + " WHERE table_name = 'orders_per_hour_by_country'")).isNotNull();
        assertThat(scalar("SELECT no_longer_filled_since::text FROM reports.catalog"
                + " WHERE table_name = 'orders_per_day'")).isNull();
        assertThat(scalar("SELECT (r.last_aggregated_at < d.last_aggregated_at)::text FROM reports.catalog r,"
                + " reports.catalog d WHERE r.table_name = 'orders_per_hour_by_country'"
                + " AND d.table_name = 'orders_per_day'")).as("the retired table's freshness stops at its last batch")
                .isEqualTo("true");

        store.prepare(List.of(TestSources.orders()));
        execute("DROP TABLE reports.orders_per_day");
        store.prepare(List.of(TestSources.orders()));

        assertThat(scalar("SELECT obj_description('reports.orders_per_hour_by_country'::regclass, 'pg_class')"))
                .startsWith("Orders per hour by country");
        assertThat(scalar("SELECT string_agg(table_name || '=' || coalesce(no_longer_filled_since::text, 'filled'),"
                + " ',') FROM reports.catalog")).isEqualTo("orders_per_hour_by_country=filled");
    }

    /**
     * A database from before the two schemas kept everything in public, with each average's number of values as a
     * column of the aggregate table: the next start moves it all, data included, and later batches merge exactly.
     */
    @Test
    void aDatabaseFromBeforeTheSchemasMovesToThemWithItsData() throws SQLException {
        SCHEMA.fresh();
        execute("""
                CREATE TABLE public.orders_per_hour_by_country (hour timestamptz NOT NULL, country text NOT NULL,
                    orders bigint, revenue numeric, average_order numeric, average_order_samples bigint,
                    largest_order numeric, smallest_order numeric, customers bigint, PRIMARY KEY (hour, country));
                CREATE TABLE public.orders_per_hour_by_country__distinct_customers (hour timestamptz NOT NULL,
                    country text NOT NULL, value text NOT NULL, PRIMARY KEY (hour, country, value));
                INSERT INTO public.orders_per_hour_by_country VALUES ('2025-03-01T10:00:00Z', 'DE', 2, 30, 15, 2,
                    20, 10, 2);
                INSERT INTO public.orders_per_hour_by_country__distinct_customers VALUES
                    ('2025-03-01T10:00:00Z', 'DE', 'alice'), ('2025-03-01T10:00:00Z', 'DE', 'bob');
                """);

        store.prepare(List.of(TestSources.orders()));
        apply(store, entry(7), List.of(orders(order(5, "DE", "60", "alice"))));

        assertThat(tables("public")).isEmpty();
        assertThat(columns("reports", "orders_per_hour_by_country")).doesNotContain("average_order_samples");
        assertThat(row(store.query(ORDERS, AggregateQuery.latest(10)), 0)).containsEntry("orders", 3L)
                .containsEntry("revenue", new java.math.BigDecimal("90")).containsEntry("average_order",
                        new java.math.BigDecimal("30")).containsEntry("largest_order", new java.math.BigDecimal("60"))
                .containsEntry("customers", 2L);
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
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tributary.applied_batches WHERE batch_id = ?")) {
            ps.setObject(1, entry.lineage().batch().value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String scalar(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private List<String> tables(String schema) throws SQLException {
        return names("SELECT tablename FROM pg_tables WHERE schemaname = ?", schema);
    }

    private List<String> columns(String schema, String table) throws SQLException {
        return names("SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
                schema, table);
    }

    private List<String> names(String sql, String... parameters) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
