package dev.tributary.adapters.local.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A PostgreSQL server run by this JVM for the single-jar deployment, with its data kept in a directory across
 * restarts and a database {@value #DATABASE}. A server orphaned on the same directory by a JVM that was killed
 * (kill -9) is shut down before this one starts, so a crash never blocks the next start.
 * <p>
 * Commits are {@link Commits#DURABLE} unless asked otherwise (invariant 10): the aggregators acknowledge a staged
 * notice once its transaction commits, so a commit that a power loss could undo would lose counted data for good.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    public static final String DATABASE = "tributary";
    public static final String USER = "postgres";

    /** How a commit reaches the disk. */
    public enum Commits {
        /** {@code fsync} and {@code synchronous_commit} on: a commit survives a power loss. The default. */
        DURABLE("on"),
        /**
         * Both off (the embedded library's own default, for tests): faster, but a power loss or an OS crash may drop
         * the last commits, or corrupt the cluster. For demos whose data may be thrown away.
         */
        THROWAWAY("off");

        private final String setting;

        Commits(String setting) {
            this.setting = setting;
        }
    }

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a durable server on {@code dataDirectory} (created and initialised when empty); port 0 picks a free one. */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Commits.DURABLE);
    }

    /**
     * Starts the server with the given commit mode. The library starts {@code postgres -F} (fsync off) with
     * {@code synchronous_commit=off}; the {@code -c} settings given here come after those on the command line, and
     * the last one wins.
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, Commits commits) {
        try {
            Files.createDirectories(dataDirectory);
            stopOrphanedServer(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("fsync", commits.setting)
                    .setServerConfig("synchronous_commit", commits.setting)
                    .start();
            createDatabaseIfMissing(postgres.getPostgresDatabase());
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start on " + dataDirectory, e);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL started but database " + DATABASE
                    + " could not be created", e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public int port() {
        return postgres.getPort();
    }

    public DataSource dataSource() {
        return postgres.getDatabase(USER, DATABASE);
    }

    /** Stops the server; the data stays in the directory. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
        }
    }

    private static void createDatabaseIfMissing(DataSource admin) throws SQLException {
        try (Connection c = admin.getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    /**
     * postmaster.pid names the server of a JVM killed without closing it; that server still holds the directory, so
     * a new one could not start. It has no clients left, so SIGTERM (smart shutdown) ends it promptly.
     */
    private static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> server = lines.isEmpty() ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (server.isEmpty()) {
            return; // stale file: PostgreSQL ignores it
        }
        ProcessHandle orphan = server.get();
        orphan.destroy();
        if (!awaitExit(orphan)) {
            orphan.destroyForcibly();
            if (!awaitExit(orphan)) {
                throw new IOException("orphaned PostgreSQL (pid " + orphan.pid() + ") on " + dataDirectory
                        + " did not stop");
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
