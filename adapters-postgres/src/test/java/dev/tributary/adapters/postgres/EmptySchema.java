package dev.tributary.adapters.postgres;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.transaction.TransactionOperations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One embedded PostgreSQL per test class, with Micronaut Data's repositories and transactions over it as the
 * application wires them (a context holding just the data source), and empty schemas per test: faster
 * than a new database. Register as a static {@code @RegisterExtension} field; the server starts before the class's
 * tests and stops after them.
 */
final class EmptySchema implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedPostgres postgres;
    private ApplicationContext context;

    @Override
    public void beforeAll(ExtensionContext extension) throws IOException {
        postgres = EmbeddedPostgres.start();
        context = ApplicationContext.builder()
                .properties(Map.of("datasources." + JdbcSchema.DATA_SOURCE + ".dialect", "POSTGRES")).build();
        context.registerSingleton(DataSource.class, database(),
                Qualifiers.byName(JdbcSchema.DATA_SOURCE));
        context.start();
    }

    @Override
    public void afterAll(ExtensionContext extension) throws IOException {
        context.close();
        postgres.close();
    }

    /** The server's database, with the driver settings the application's pool sets (DatabaseFactory). */
    private DataSource database() {
        return postgres.getPostgresDatabase(Map.of("reWriteBatchedInserts", "true"));
    }

    /** The server's database with Tributary's schemas dropped and public created again. */
    DataSource fresh() {
        DataSource dataSource = database();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + JdbcSchema.REPORTS + " CASCADE; DROP SCHEMA IF EXISTS "
                    + JdbcSchema.INTERNAL + " CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return dataSource;
    }

    /** A connection to the test database as {@code user} (the embedded server trusts local logins). */
    Connection connectAs(String user) throws SQLException {
        return java.sql.DriverManager.getConnection(postgres.getJdbcUrl(user, "postgres"));
    }

    JdbcAggregateStore store() {
        return new JdbcAggregateStore(database(), transactions(), ledgerRows());
    }

    JdbcAppliedBatchLedger ledger() {
        return new JdbcAppliedBatchLedger(ledgerRows());
    }

    JdbcIdempotencyKeys keys(Duration retention, Clock clock) {
        return new JdbcIdempotencyKeys(context.getBean(IdempotencyKeyRepository.class), retention, clock);
    }

    AppliedBatchRepository ledgerRows() {
        return context.getBean(AppliedBatchRepository.class);
    }

    TransactionOperations<Connection> transactions() {
        return context.getBean(Argument.of(TransactionOperations.class, Connection.class),
                Qualifiers.byName(JdbcSchema.DATA_SOURCE));
    }
}
