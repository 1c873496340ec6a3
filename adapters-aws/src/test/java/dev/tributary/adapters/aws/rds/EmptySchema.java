package dev.tributary.adapters.aws.rds;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One embedded PostgreSQL per test class, an empty public schema per test: faster than a new database. */
final class EmptySchema {
    private EmptySchema() {
    }

    static DataSource of(EmbeddedPostgres postgres) {
        DataSource dataSource = postgres.getPostgresDatabase();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return dataSource;
    }
}
