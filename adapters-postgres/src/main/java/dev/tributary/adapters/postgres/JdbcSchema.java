package dev.tributary.adapters.postgres;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;

/**
 * Tributary's fixed tables (the applied-batch ledger, the idempotency keys): brought up to date with Flyway, safe to
 * run on every start; mapped by Micronaut Data on the data source named {@value #DATA_SOURCE}.
 */
public final class JdbcSchema {
    /** The name of the data source bean the repositories and the transactions use. */
    public static final String DATA_SOURCE = "tributary";
    static final String MIGRATIONS = "classpath:db/migration/tributary";

    private JdbcSchema() {
    }

    /**
     * Applies pending migrations; concurrent callers are serialised by Flyway's lock. Flyway manages its own
     * connections, so it gets the pool itself, not Micronaut Data's transaction-bound proxy of it.
     */
    public static void migrate(DataSource dataSource) {
        try {
            Flyway.configure().dataSource(DelegatingDataSource.unwrapDataSource(dataSource)).locations(MIGRATIONS)
                    .load().migrate();
        } catch (FlywayException e) {
            throw DatabaseCalls.failure("aggregate store", e);
        }
    }
}
