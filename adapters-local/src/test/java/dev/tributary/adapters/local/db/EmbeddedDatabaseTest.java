package dev.tributary.adapters.local.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void keepsDataAcrossARestartOnTheSameDirectory() throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
            execute(db.dataSource(), "CREATE TABLE notes (text text); INSERT INTO notes VALUES ('kept')");
        }

        try (EmbeddedDatabase again = EmbeddedDatabase.start(dir, 0)) {
            assertThat(note(again)).isEqualTo("kept");
        }
    }

    @Test
    void commitsDurablyByDefault() throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
            assertThat(setting(db, "fsync")).isEqualTo("on");
            assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(db, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void throwawayCommitsTurnFsyncAndSynchronousCommitOff() throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0, EmbeddedDatabase.Commits.THROWAWAY)) {
            assertThat(setting(db, "fsync")).isEqualTo("off");
            assertThat(setting(db, "synchronous_commit")).isEqualTo("off");
        }
    }

    @Test
    void servesTheTributaryDatabaseAtItsJdbcUrl() throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();

            assertThat(rs.getString(1)).isEqualTo(EmbeddedDatabase.DATABASE);
            assertThat(db.jdbcUrl()).endsWith(":" + db.port() + "/tributary");
        }
    }

    @Test
    void startsAfterAJvmHoldingTheDirectoryWasKilled() throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), KilledJvm.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals(KilledJvm.READY));
            assertThat(line).as("child JVM started its database").isEqualTo(KilledJvm.READY);
        }
        child.destroyForcibly().waitFor(); // kill -9: no shutdown hook, the server is orphaned

        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
            assertThat(note(db)).isEqualTo("written before kill -9");
        }
    }

    /** Runs in a child JVM: starts the database, writes a row, says so, then waits to be killed. */
    static final class KilledJvm {
        static final String READY = "ready";

        public static void main(String[] args) throws Exception {
            EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), 0);
            execute(db.dataSource(), "CREATE TABLE notes (text text); INSERT INTO notes VALUES ('written before kill -9')");
            System.out.println(READY);
            System.out.flush();
            System.in.read();
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String note(EmbeddedDatabase db) throws SQLException {
        return firstValue(db, "SELECT text FROM notes");
    }

    private static String setting(EmbeddedDatabase db, String name) throws SQLException {
        return firstValue(db, "SHOW " + name);
    }

    private static String firstValue(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
