package dev.tributary.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14's proof of replay: a source ships with a wrong unit (Fahrenheit read as Celsius) and a range too tight;
 * after the fix, a replay with live traffic flowing gives exactly the tables of a fresh pipeline that received the
 * same posts under the fixed rules — counts, sums, averages, extremes and distinct counts, per hour and per day —
 * and its report names the rows it changed.
 */
class ReplayIT {
    private static final String SOURCE = Greenhouse.SOURCE;
    private static final String TABLE = Greenhouse.TABLE;
    private static final String WRONG = Greenhouse.WRONG;
    private static final String FIXED = Greenhouse.FIXED;

    @TempDir
    Path replayed;
    @TempDir
    Path fresh;
    @TempDir
    Path sources;

    @Test
    void aReplayAfterARuleFixGivesExactlyTheFreshPipelinesTablesWhileLiveTrafficFlows() throws IOException {
        List<String> history = Greenhouse.posts(0, 24);
        List<String> live = Greenhouse.posts(24, 12);

        Files.writeString(sources.resolve(SOURCE + ".yml"), WRONG);
        try (TestPipeline before = start(replayed)) {
            history.forEach(body -> assertThat(before.post(SOURCE, "application/x-ndjson", body).statusCode())
                    .isEqualTo(202));
            await().atMost(Duration.ofSeconds(60)).until(() -> before.appliedBatches() == history.size());
        }

        Files.writeString(sources.resolve(SOURCE + ".yml"), FIXED);
        JsonNode report;
        List<Map<String, String>> hours;
        List<Map<String, String>> days;
        try (TestPipeline after = start(replayed)) {
            String backwards = "{\"source\":\"" + SOURCE
                    + "\",\"from\":\"2026-12-06T00:00:00Z\",\"to\":\"2026-12-01T00:00:00Z\"}";
            HttpResponse<String> empty = postReplay(after, backwards);
            assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
            assertThat(empty.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(TestPipeline.json(empty).path("type").asText()).endsWith("/invalid-replay-window");
            // a dry run first: it reports the same tables' differences but changes nothing, not even the lake
            JsonNode dry = replay(after, "{\"source\":\"" + SOURCE + "\",\"dryRun\":true}");
            assertThat(dry.path("report").path("switched").asBoolean()).isFalse();
            assertThat(dry.path("report").path("tables").get(0).path("changed").asLong()).isPositive();
            assertThat(quarantineReasons(after)).hasSizeGreaterThan(8);       // the tight range's set-asides stay
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> live.forEach(body -> {
                assertThat(after.post(SOURCE, "application/x-ndjson", body).statusCode()).isEqualTo(202);
                pause();
            }));
            report = replay(after, "{\"source\":\"" + SOURCE + "\"}");
            traffic.join();
            await().atMost(Duration.ofSeconds(60)).until(() -> after.appliedBatches() == history.size() + live.size());
            // the readings the tight range set aside count now: their old quarantine entries are gone, so sending
            // them again cannot count them twice; only the readings without a sensor stay
            assertThat(quarantineReasons(after)).hasSize(8).allMatch(r -> r.contains("required"));   // batches 0, 5, …, 35
            hours = after.rows(SOURCE, TABLE);
            days = after.rows(SOURCE, TABLE, "?bucket=day");
        }

        assertThat(report.path("phase").asText()).as(report.toString()).isEqualTo("done");
        JsonNode table = report.path("report").path("tables").get(0);
        assertThat(table.path("table").asText()).isEqualTo(TABLE);
        assertThat(table.path("changed").asLong()).isPositive();
        assertThat(table.path("removed").asLong()).as("rows only the live batches had are caught up, not removed")
                .isZero();
        List<String> totals = new ArrayList<>();
        table.path("totalsAfter").fieldNames().forEachRemaining(totals::add);
        assertThat(totals).containsExactly("readings", "total_c", "average_c", "highest_c", "lowest_c", "sensors");
        assertThat(table.path("functions").path("average_c").asText()).isEqualTo("avg");
        assertThat(table.path("functions").path("sensors").asText()).isEqualTo("distinct_count");
        List<String> examples = new ArrayList<>();
        table.path("examples").forEach(e -> examples.add(e.asText()));
        assertThat(examples).anyMatch(e -> e.startsWith("changed: hour=") && e.contains("room=north"))
                .anyMatch(e -> e.startsWith("added: hour=") && e.contains("room=south")); // all above 40 before
        assertThat(report.path("report").path("switched").asBoolean()).isTrue();

        try (TestPipeline control = start(fresh)) {
            List<String> all = new ArrayList<>(history);
            all.addAll(live);
            all.forEach(body -> assertThat(control.post(SOURCE, "application/x-ndjson", body).statusCode())
                    .isEqualTo(202));
            await().atMost(Duration.ofSeconds(60)).until(() -> control.appliedBatches() == all.size());
            assertThat(hours).isNotEmpty().isEqualTo(control.rows(SOURCE, TABLE));
            assertThat(days).isNotEmpty().isEqualTo(control.rows(SOURCE, TABLE, "?bucket=day"));
        }
    }

    /**
     * A manager asks for a new breakdown over history: an aggregation added to the YAML gets its table on the next
     * start, and a replay of just that table fills it from the staged zone, cleaning nothing again.
     */
    @Test
    void aNewAggregationIsFilledFromTheStagedZoneWithoutCleaningAnythingAgain() throws IOException {
        List<String> history = Greenhouse.posts(0, 24);
        Files.writeString(sources.resolve(SOURCE + ".yml"), FIXED);
        try (TestPipeline before = start(fresh)) {
            history.forEach(body -> assertThat(before.post(SOURCE, "application/x-ndjson", body).statusCode())
                    .isEqualTo(202));
            await().atMost(Duration.ofSeconds(60)).until(() -> before.appliedBatches() == history.size());
        }
        Files.writeString(sources.resolve(SOURCE + ".yml"), FIXED + """
                  - table: readings_per_day_by_sensor
                    title: Readings per day by sensor
                    bucket: day
                    dimensions: [sensor]
                    measures:
                      - {column: readings, function: count, description: Readings}
                """);
        try (TestPipeline after = start(fresh)) {
            assertThat(after.rows(SOURCE, "readings_per_day_by_sensor")).isEmpty();     // created, still empty

            JsonNode report = replay(after, "{\"source\":\"" + SOURCE
                    + "\",\"aggregation\":\"readings_per_day_by_sensor\"}").path("report");

            assertThat(report.path("transformed").asLong()).isZero();
            assertThat(report.path("batches").asLong()).isEqualTo(history.size());
            long perSensor = after.rows(SOURCE, "readings_per_day_by_sensor").stream()
                    .mapToLong(r -> Long.parseLong(r.get("readings"))).sum();
            long perRoom = after.rows(SOURCE, TABLE).stream().mapToLong(r -> Long.parseLong(r.get("readings"))).sum();
            assertThat(perSensor).isEqualTo(perRoom).isEqualTo(3L * history.size());
        }
    }

    /**
     * Issue 14, {@code unknown_fields: keep}: a field the producer sends before the source declares it travels along
     * (the transformed zone's {@code _unknown_fields}), and once a later version declares it and adds a measure over
     * it, a replay promotes its history into the new column.
     */
    @Test
    void aFieldKeptWhileUndeclaredIsPromotedByALaterVersionAndAReplay() throws IOException {
        List<String> history = Greenhouse.posts(0, 12).stream()
                .map(body -> body.replace("\"read_at\":", "\"humidity\":60,\"read_at\":")).toList();
        String keeping = FIXED.replace("format: ndjson\n", "format: ndjson\nunknown_fields: keep\n");
        Files.writeString(sources.resolve(SOURCE + ".yml"), keeping);
        try (TestPipeline before = start(fresh)) {
            history.forEach(body -> assertThat(before.post(SOURCE, "application/x-ndjson", body).statusCode())
                    .isEqualTo(202));
            await().atMost(Duration.ofSeconds(60)).until(() -> before.appliedBatches() == history.size());
        }
        List<String> transformed;
        try (var files = Files.walk(fresh.resolve("lake").resolve("transformed").resolve("source=" + SOURCE))) {
            transformed = files.filter(f -> f.toString().endsWith(".ndjson")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(transformed).hasSize(history.size())
                .allSatisfy(ndjson -> assertThat(ndjson).contains("\"_unknown_fields\":{\"humidity\":\"60\"}"));

        Files.writeString(sources.resolve(SOURCE + ".yml"), keeping
                .replace("  - {name: read_at,", "  - {name: humidity, type: integer}\n  - {name: read_at,")
                .replace("      - {column: readings, function: count, description: Readings}\n",
                        "      - {column: readings, function: count, description: Readings}\n"
                                + "      - {column: humidity_max, function: max, field: humidity, description: Humidity}\n"));
        try (TestPipeline after = start(fresh)) {
            assertThat(after.rows(SOURCE, TABLE)).allSatisfy(r -> assertThat(r.get("humidity_max")).isIn(null, "null"));

            JsonNode report = replay(after, "{\"source\":\"" + SOURCE + "\"}").path("report");

            assertThat(report.path("batches").asLong()).isEqualTo(history.size());
            assertThat(after.rows(SOURCE, TABLE)).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.get("humidity_max")).isEqualTo("60"));
        }
    }

    /** Starts a replay and waits for its end; its last state. */
    private static JsonNode replay(TestPipeline pipeline, String request) {
        HttpResponse<String> started = postReplay(pipeline, request);
        assertThat(started.statusCode()).isEqualTo(202);
        String follow = started.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(90)).until(() ->
                TestPipeline.json(pipeline.get(follow)).path("phase").asText().matches("done|failed"));
        JsonNode state = TestPipeline.json(pipeline.get(follow));
        assertThat(state.path("phase").asText()).as(state.toString()).isEqualTo("done");
        return state;
    }

    /** {@code POST /api/replays} with {@code request} as its body. */
    private static HttpResponse<String> postReplay(TestPipeline pipeline, String request) {
        return pipeline.send(HttpRequest.newBuilder(pipeline.url().resolve("/api/replays"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build());
    }

    private static List<String> quarantineReasons(TestPipeline pipeline) {
        List<String> reasons = new ArrayList<>();
        TestPipeline.json(pipeline.get("/api/quarantine?limit=200&source=" + SOURCE)).path("batches")
                .forEach(b -> b.path("records").forEach(r -> reasons.add(r.path("reason").asText())));
        return reasons;
    }

    private TestPipeline start(Path data) {
        return TestPipeline.start(data, Map.of("tributary.sources.directory", sources.toString()));
    }

    private static void pause() {
        try {
            Thread.sleep(40);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
