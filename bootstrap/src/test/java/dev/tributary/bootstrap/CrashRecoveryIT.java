package dev.tributary.bootstrap;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invariants 1–3 across a crash: the single jar is killed with SIGKILL while batches stream in; after a restart on the
 * same data directory every batch that got a 202 is in the ledger exactly once and the aggregates count each once.
 */
class CrashRecoveryIT {
    private static final Path JAR = Path.of("target/tributary.jar").toAbsolutePath();
    private static final String BATCH = "{\"sensor_id\":\"crash\",\"temperature_f\":50,\"read_at\":1795514410000}\n"
            .repeat(3);

    @TempDir
    Path data;
    private final List<Process> processes = new ArrayList<>();
    private final int httpPort = freePort();
    private final int dbPort = freePort();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void everyAcceptedBatchIsCountedExactlyOnceAfterKillDashNine() throws Exception {
        Process first = start("first.log");
        Set<String> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicBoolean posting = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            while (posting.get()) {
                post().ifPresent(accepted::add);
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 150 && ledgerRows() >= 20);

        first.destroyForcibly().waitFor(); // SIGKILL mid-stream: no shutdown hook runs
        posting.set(false);
        producer.join();
        Process second = start("second.log");

        await().atMost(Duration.ofSeconds(90)).until(() -> ledgerBatchIds().containsAll(accepted));
        Set<String> ledger = ledgerBatchIds();
        assertThat(ledger).containsAll(accepted);
        // At most the one post that was durable but whose 202 the SIGKILL cut off is in the ledger without a 202.
        assertThat(ledger.size() - accepted.size()).isBetween(0, 1);
        long[] snapshot = ledgerRowsAndReadings(); // one statement, one snapshot: ledger and aggregates agree
        assertThat(snapshot[1]).isEqualTo(3L * snapshot[0]);
        assertThat(second.isAlive()).isTrue();
    }

    private Process start(String log) throws IOException {
        Process p = new ProcessBuilder("java",
                "-Dmicronaut.server.port=" + httpPort,
                "-Dtributary.database.embedded-port=" + dbPort,
                "-Dtributary.storage.data-directory=" + data,
                "-Dtributary.sources.include-samples=false",
                "-Dtributary.sources.directory=" + TestPipeline.E2E_SOURCES,
                "-Dtributary.queue.visibility-timeout=5s",
                "-jar", JAR.toString(), "run", "--no-demo")
                .redirectErrorStream(true).redirectOutput(data.resolve(log).toFile()).start();
        processes.add(p);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> healthy(p, log));
        return p;
    }

    private boolean healthy(Process p, String log) throws IOException {
        if (!p.isAlive()) {
            throw new IllegalStateException("tributary exited with " + p.exitValue() + ":\n"
                    + Files.readString(data.resolve(log)));
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private java.util.Optional<String> post() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + httpPort + "/ingest/sensor_readings"))
                    .header("Content-Type", "application/x-ndjson").timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + ingestKey())
                    .POST(HttpRequest.BodyPublishers.ofString(BATCH)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
                return java.util.Optional.of(TestPipeline.json(r).get("batchId").asText());
            }
        } catch (IOException e) {
            // the server is gone (killed): no 202, so no promise was made
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return java.util.Optional.empty();
    }

    /** The key the first start created under the data directory, as a producer on this machine would read it. */
    private String ingestKey() {
        return new LocalKeyFiles(data.resolve("keys").resolve(LocalKeyFiles.ACCESS_KEYS), java.time.Clock.systemUTC())
                .keyFor(Right.INGEST, java.util.Optional.of(new SourceName("sensor_readings"))).orElseThrow();
    }

        private Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/tributary", "postgres", "");
    }

    private long ledgerRows() {
        return ledgerBatchIds().size();
    }

    private Set<String> ledgerBatchIds() {
        Set<String> ids = new HashSet<>();
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT batch_id FROM tributary.applied_batches WHERE source = 'sensor_readings'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return Set.of(); // the database is not up (yet)
        }
        return ids;
    }

    private long[] ledgerRowsAndReadings() throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM tributary.applied_batches WHERE source = 'sensor_readings'),"
                     + " (SELECT coalesce(sum(readings), 0) FROM reports.temperature_per_minute_by_sensor WHERE sensor_id = 'crash')")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
