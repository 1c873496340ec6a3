package dev.tributary.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14: a replay cut off by a {@code kill -9} of the single jar, then asked for again after the restart, ends with
 * exactly the tables of a fresh pipeline that received the same posts under the fixed rules, as an uninterrupted
 * replay does.
 */
class ReplayCrashIT {
    private static final int BATCHES = 400;
    private static final String REPLAY = "{\"source\":\"" + Greenhouse.SOURCE + "\"}";

    @TempDir
    Path data;
    @TempDir
    Path sources;
    @TempDir
    Path fresh;
    private JarPipeline jar;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopAll() throws InterruptedException {
        jar.close();
    }

    @Test
    void aReplayKilledMidwayAndAskedForAgainEndsAsAFreshPipelineUnderTheFixedRules() throws Exception {
        List<String> posts = Greenhouse.posts(0, BATCHES);
        jar = new JarPipeline(data, Map.of("tributary.sources.include-samples", "false",
                "tributary.sources.directory", sources.toString()));
        Files.writeString(sources.resolve(Greenhouse.SOURCE + ".yml"), Greenhouse.WRONG);
        Process wrong = start("wrong.log");
        for (String body : posts) {
            assertThat(post(body)).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> applied() == BATCHES);
        wrong.destroy();
        assertThat(wrong.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Files.writeString(sources.resolve(Greenhouse.SOURCE + ".yml"), Greenhouse.FIXED);
        Process killed = start("killed.log");
        String follow = startReplay();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> state(follow).path("batchesDone").asLong() >= 128);
        JsonNode atKill = state(follow);
        killed.destroyForcibly().waitFor();                 // SIGKILL mid-replay: no shutdown hook runs
        assertThat(atKill.path("phase").asText()).as("the replay must still run when it is killed; "
                + "raise BATCHES if it got faster").isEqualTo("running");

        start("resumed.log");
        String resumed = startReplay();
        await().atMost(Duration.ofSeconds(120)).until(() -> state(resumed).path("phase").asText()
                .matches("done|failed"));
        JsonNode report = state(resumed);
        assertThat(report.path("phase").asText()).as(report.toString()).isEqualTo("done");
        assertThat(report.path("report").path("batches").asLong()).isEqualTo(BATCHES);
        List<Map<String, String>> hours = rows("");
        List<Map<String, String>> days = rows("?bucket=day");

        try (TestPipeline control = TestPipeline.start(fresh, Map.of("tributary.sources.directory",
                sources.toString()))) {
            posts.forEach(body -> assertThat(control.post(Greenhouse.SOURCE, "application/x-ndjson", body)
                    .statusCode()).isEqualTo(202));
            await().atMost(Duration.ofSeconds(120)).until(() -> control.appliedBatches() == BATCHES);
            assertThat(hours).isNotEmpty().isEqualTo(control.rows(Greenhouse.SOURCE, Greenhouse.TABLE));
            assertThat(days).isEqualTo(control.rows(Greenhouse.SOURCE, Greenhouse.TABLE, "?bucket=day"));
        }
    }

    private String startReplay() throws IOException, InterruptedException {
        HttpResponse<String> started = send(HttpRequest.newBuilder(url("/api/replays"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(REPLAY)),
                Right.OPERATOR);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return started.headers().firstValue("Location").orElseThrow();
    }

    private JsonNode state(String path) throws IOException, InterruptedException {
        return TestPipeline.json(send(HttpRequest.newBuilder(url(path)).GET(), Right.OPERATOR));
    }

    private long applied() throws java.sql.SQLException {
        try (java.sql.Connection c = jar.db(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM tributary.applied_batches")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The table as the API gives it, numbers compared by value as {@link TestPipeline#rows} does. */
    private List<Map<String, String>> rows(String query) throws IOException, InterruptedException {
        JsonNode body = TestPipeline.json(send(HttpRequest.newBuilder(url("/api/aggregates/" + Greenhouse.SOURCE
                + "/" + Greenhouse.TABLE + query)).GET(), Right.READ));
        List<Map<String, String>> rows = new ArrayList<>();
        body.get("rows").forEach(r -> {
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < body.get("columns").size(); i++) {
                String text = r.get(i).asText();
                row.put(body.get("columns").get(i).asText(), text.matches("-?\\d+(\\.\\d+)?")
                        ? new java.math.BigDecimal(text).stripTrailingZeros().toPlainString() : text);
            }
            rows.add(row);
        });
        return rows;
    }

    private int post(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url("/ingest/" + Greenhouse.SOURCE))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body)),
                Right.INGEST).statusCode();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Right right) throws IOException,
            InterruptedException {
        String key = jar.key(right, right == Right.INGEST ? Optional.of(new SourceName(Greenhouse.SOURCE))
                : Optional.empty());
        return http.send(request.header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return jar.url(path);
    }

    private Process start(String log) throws IOException {
        return jar.start(log);
    }
}
