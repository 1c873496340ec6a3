package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.PortUnavailableException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;

/** Brings Tributary's fixed tables (the applied-batch ledger) up to date with Flyway. Safe to run on every start. */
public final class JdbcSchema {
    static final String MIGRATIONS = "classpath:db/migration/tributary";

    private JdbcSchema() {
    }

    /** Applies pending migrations; concurrent callers are serialised by Flyway's lock. */
    public static void migrate(DataSource dataSource) {
        try {
            Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
        } catch (FlywayException e) {
            throw new PortUnavailableException("aggregate store", e);
        }
    }
}
