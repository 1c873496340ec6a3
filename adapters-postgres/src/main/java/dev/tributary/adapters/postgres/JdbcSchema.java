package dev.tributary.adapters.postgres;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where Tributary's tables live and how the fixed ones get there. Two schemas: {@value #REPORTS} holds the aggregate
 * tables a person or a BI tool reads (with only the columns they read) and the {@code catalog} view;
 * {@value #INTERNAL} holds what makes them exact (the applied-batch ledger, the idempotency keys, the distinct-value
 * and average side tables, the source definitions) and Flyway's history. The fixed tables are brought up to date with
 * Flyway, safe to run on every start, and mapped by Micronaut Data on the data source named {@value #DATA_SOURCE}.
 * The read-only role {@value #READER_ROLE} may read {@value #REPORTS} and nothing else.
 */
public final class JdbcSchema {
    /** The name of the data source bean the repositories and the transactions use. */
    public static final String DATA_SOURCE = "tributary";
    /** The schema of everything people need not read. */
    public static final String INTERNAL = "tributary";
    /** The schema people and BI tools read. */
    public static final String REPORTS = "reports";
    /** A role without login that may {@code SELECT} from {@value #REPORTS} only; grant it to a BI tool's login. */
    public static final String READER_ROLE = "reports_reader";
    static final String MIGRATIONS = "classpath:db/migration/tributary";
    private static final String HISTORY = "flyway_schema_history";

    private JdbcSchema() {
    }

    /**
     * Applies pending migrations; concurrent callers are serialised by Flyway's lock. Flyway manages its own
     * connections, so it gets the pool itself, not Micronaut Data's transaction-bound proxy of it. A database from
     * before the two schemas had everything in {@code public}: its history moves first, so Flyway sees migrations 1–4
     * as applied and migration 5 moves their tables.
     */
    public static void migrate(DataSource dataSource) {
        DataSource pool = DelegatingDataSource.unwrapDataSource(dataSource);
        try {
            adoptPublicHistory(pool);
            Flyway.configure().dataSource(pool).schemas(INTERNAL).locations(MIGRATIONS).load().migrate();
        } catch (FlywayException | SQLException e) {
            throw DatabaseCalls.failure("aggregate store", e);
        }
    }

    /**
     * Lets the read-only role read {@code table} (schema-qualified, quoted), when the role exists: a database user
     * that may not create roles gets its tables all the same (V5 says so in a warning).
     */
    static String grantToReader(String table) {
        return "DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + READER_ROLE + "') THEN GRANT SELECT ON "
                + table + " TO " + READER_ROLE + "; END IF; END $$";
    }

    private static void adoptPublicHistory(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + INTERNAL);
            s.execute("DO $$ BEGIN IF to_regclass('public." + HISTORY + "') IS NOT NULL AND to_regclass('" + INTERNAL
                    + "." + HISTORY + "') IS NULL THEN ALTER TABLE public." + HISTORY + " SET SCHEMA " + INTERNAL
                    + "; END IF; END $$");
        }
    }
}
