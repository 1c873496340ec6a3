package dev.tributary.adapters.postgres;

import dev.tributary.application.TestSources;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AggregateStoreContract;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.aggregation.AggregateQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One embedded PostgreSQL for the class, an emptied schema per test. */
class JdbcAggregateStoreIT extends AggregateStoreContract {
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

    @Test
    void queryingATableNeverPreparedIsAPortFailure() {
        AggregateStore store = new JdbcAggregateStore(dataSource);

        assertThatThrownBy(() -> store.query(TestSources.clicksPerMinuteByPage(), AggregateQuery.latest(1)))
                .isInstanceOf(PortUnavailableException.class)
                .hasMessageContaining("aggregate store");
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
