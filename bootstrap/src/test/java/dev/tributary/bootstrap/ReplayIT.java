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
    private static final String SOURCE = "greenhouse";
    private static final String TABLE = "climate_per_hour_by_room";
    private static final String WRONG = rules("[{range: {min: -20, max: 40}}]");
    private static final String FIXED = rules("[{convert: {from: fahrenheit, to: celsius}}, {range: {min: -40, max: 60}}]");

    @TempDir
    Path replayed;
    @TempDir
    Path fresh;
    @TempDir
    Path sources;

    @Test
    void aReplayAfterARuleFixGivesExactlyTheFreshPipelinesTablesWhileLiveTrafficFlows() throws IOException {
        List<String> history = posts(0, 24);
        List<String> live = posts(24, 12);

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
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> live.forEach(body -> {
                assertThat(after.post(SOURCE, "application/x-ndjson", body).statusCode()).isEqualTo(202);
                pause();
            }));
            HttpResponse<String> started = after.send(HttpRequest.newBuilder(after.url().resolve("/api/replays"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"" + SOURCE + "\"}")).build());
            assertThat(started.statusCode()).isEqualTo(202);
            String follow = started.headers().firstValue("Location").orElseThrow();
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    TestPipeline.json(after.get(follow)).path("phase").asText().matches("done|failed"));
            report = TestPipeline.json(after.get(follow));
            traffic.join();
            await().atMost(Duration.ofSeconds(60)).until(() -> after.appliedBatches() == history.size() + live.size());
            hours = after.rows(SOURCE, TABLE);
            days = after.rows(SOURCE, TABLE, "?bucket=day");
        }

        assertThat(report.path("phase").asText()).as(report.toString()).isEqualTo("done");
        JsonNode table = report.path("report").path("tables").get(0);
        assertThat(table.path("table").asText()).isEqualTo(TABLE);
        assertThat(table.path("changed").asLong()).isPositive();
        assertThat(table.path("removed").asLong()).as("rows only the live batches had are caught up, not removed")
                .isZero();
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

    private TestPipeline start(Path data) {
        return TestPipeline.start(data, Map.of("tributary.sources.directory", sources.toString()));
    }

    /**
     * Batch i: three readings in °F over two rooms and two hours, one of them above 40 (the wrong range's limit),
     * every fifth batch one reading without a sensor (quarantined under both rules).
     */
    private static List<String> posts(int first, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            long at = 1_795_514_400_000L + i * 300_000L;
            StringBuilder body = new StringBuilder();
            body.append(line("s" + (i % 4), "north", 35 + i % 7, at));
            body.append(line("s" + (i % 3), "south", 68 + i % 11, at + 60_000));
            body.append(line("s" + (i % 5), i % 2 == 0 ? "north" : "south", 50.5 + i, at + 120_000));
            if (i % 5 == 0) {
                body.append("{\"room\":\"north\",\"temp\":50,\"read_at\":").append(at).append("}\n");
            }
            bodies.add(body.toString());
        }
        return bodies;
    }

    private static String line(String sensor, String room, double fahrenheit, long at) {
        return "{\"sensor\":\"" + sensor + "\",\"room\":\"" + room + "\",\"temp\":" + fahrenheit + ",\"read_at\":" + at
                + "}\n";
    }

    private static String rules(String temperatureRules) {
        return """
                name: greenhouse
                title: Greenhouse climate
                description: Temperature readings of the greenhouse rooms.
                format: ndjson
                event_time: read_at
                fields:
                  - {name: sensor, type: string, required: true}
                  - {name: room, type: string, required: true}
                  - {name: temperature_c, input: temp, type: decimal, scale: 2, required: true, rules: %s}
                  - {name: read_at, type: timestamp, required: true, format: epoch_millis}
                aggregations:
                  - table: climate_per_hour_by_room
                    title: Climate per hour by room
                    bucket: hour
                    dimensions: [room]
                    measures:
                      - {column: readings, function: count, description: Readings}
                      - {column: total_c, function: sum, field: temperature_c, description: Sum of temperatures}
                      - {column: average_c, function: avg, field: temperature_c, description: Average temperature}
                      - {column: highest_c, function: max, field: temperature_c, description: Highest temperature}
                      - {column: lowest_c, function: min, field: temperature_c, description: Lowest temperature}
                      - {column: sensors, function: distinct_count, field: sensor, description: Sensors reporting}
                """.formatted(temperatureRules);
    }

    private static void pause() {
        try {
            Thread.sleep(40);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
