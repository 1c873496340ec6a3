package dev.tributary.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.bootstrap.faults.CheckedTables;
import dev.tributary.bootstrap.faults.FaultChecker;
import dev.tributary.bootstrap.faults.Feed;
import dev.tributary.bootstrap.faults.LoadGenerator;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault suite, single jar (invariants 1–3 across crashes): the jar is killed with SIGKILL {@value #KILLS} times while
 * posts stream in, each time after more posts were acknowledged and more batches aggregated since its last start, and
 * started again on the same data directory. The checker then finds every acknowledged record counted exactly once.
 */
@Tag("fault-suite")
class CrashRecoveryIT {
    private static final int KILLS = 3;
    private static final String SCENARIO = "single-jar-kill-9";

    @TempDir
    Path data;
    private JarPipeline pipeline;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopAll() throws InterruptedException {
        pipeline.close();
    }

    @Test
    void everyAcknowledgedRecordIsCountedExactlyOnceAfterRepeatedKillDashNine() throws Exception {
        pipeline = new JarPipeline(data, Map.of("tributary.sources.include-samples", "false",
                "tributary.sources.directory", TestPipeline.E2E_SOURCES.toString(),
                "tributary.queue.visibility-timeout", "5s"));
        Process jar = start(0);
        String ingestKey = key(Right.INGEST, Optional.of(new SourceName("sensor_readings")));
        LoadGenerator load = LoadGenerator.start(SCENARIO, pipeline.url(""),
                Feed.sensorReadings("crash"), () -> ingestKey,
                Feed.firstMarker(0), new LoadGenerator.Settings(3, 3, Duration.ofMillis(10), Duration.ofSeconds(10)),
                Path.of("target", "fault-suite", SCENARIO + ".acks"));
        try (load) {
            for (int kill = 1; kill <= KILLS; kill++) {
                long acknowledged = load.acknowledged();
                long applied = ledgerRows();
                // mid-stream: posts are being acknowledged and batches aggregated since the last start
                await().atMost(Duration.ofSeconds(90)).until(() -> load.acknowledged() >= acknowledged + 100
                        && ledgerRows() >= applied + 10);
                jar.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook runs
                jar = start(kill);
            }
            long acknowledged = load.acknowledged();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= acknowledged + 50);
        }

        FaultChecker.verify(load, KILLS, this::db, this::drained, Duration.ofSeconds(120));
        assertThat(jar.isAlive()).isTrue();
    }

    private Process start(int n) throws IOException {
        return pipeline.start("start-" + n + ".log");
    }

    /** Nothing waiting or in flight in any stage's queue, as /api/status reports it (false while unreachable). */
    private boolean drained() {
        try {
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                            pipeline.url("/api/status"))
                    .header("Authorization", "Bearer " + key(Right.READ, Optional.empty())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (status.statusCode() != 200) {
                return false;
            }
            JsonNode backlog = TestPipeline.json(status).get("backlog");
            boolean empty = backlog.size() > 0;
            for (JsonNode stage : backlog) {
                empty &= stage.get("waiting").asLong() == 0 && stage.get("inFlight").asLong() == 0;
            }
            return empty;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String key(Right right, Optional<SourceName> source) {
        return pipeline.key(right, source);
    }

    private Connection db() throws SQLException {
        return pipeline.db();
    }

    private long ledgerRows() {
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + CheckedTables.LEDGER
                     + " WHERE source = 'sensor_readings'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the database is not up (yet)
        }
    }
}
