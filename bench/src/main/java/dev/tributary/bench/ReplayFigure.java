package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replay speed against the same data's first ingest (issue 14's goal: at least 5x, as raw is read in bulk). One
 * pipeline ({@code tributary.jar run --no-demo}) first takes batches of 1,000 {@code web_clicks} events offered at
 * {@code rate} for {@code duration}: records aggregated per second from the first post to the last ledger row. Then
 * it replays the source {@code rounds} times through {@code POST /api/replays}: records per second from the request
 * to the report. The baseline is the ingest rate; the ratio says how many times faster the replay reads history.
 */
final class ReplayFigure {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path jar;
    private final Path data;
    private final Path log;
    private final double rate;
    private final Duration duration;
    private final int rounds;
    private final List<String> jvmArgs;
    private final HttpClient http = HttpClient.newHttpClient();

    ReplayFigure(Path jar, Path data, Path log, double rate, Duration duration, int rounds, List<String> jvmArgs) {
        this.jvmArgs = List.copyOf(jvmArgs);
        this.jar = jar;
        this.data = data;
        this.log = log;
        this.rate = rate;
        this.duration = duration;
        this.rounds = rounds;
    }

    Comparison run() throws Exception {
        List<Double> ingest = new ArrayList<>();
        List<Double> replay = new ArrayList<>();
        try (EndToEnd.Pipeline pipeline = EndToEnd.Pipeline.start(jar, data, log, jvmArgs)) {
            SteadyLoad load = new SteadyLoad(pipeline.jvm().url("/ingest/" + ClickEvents.SOURCE), pipeline.ingestKey(),
                    EndToEnd.EVENTS_PER_BATCH, 16, 11);
            long start = System.nanoTime();
            SteadyLoad.Counts posted = load.run(rate, duration);
            awaitLedger(pipeline, posted.accepted());
            double seconds = (System.nanoTime() - start) / 1e9;
            ingest.add(posted.accepted() * EndToEnd.EVENTS_PER_BATCH / seconds);
            System.out.printf("bench: replay figure: ingested %,d batches in %.1f s%n", posted.accepted(), seconds);
            for (int r = 0; r < rounds; r++) {
                replay.add(replayOnce(pipeline));
                System.out.printf("bench: replay figure: round %d: %,.0f records/s%n", r + 1, replay.get(r));
            }
        }
        return new Comparison("Replay of a source from raw", "records/s", replay, ingest, 5.0, String.format(
                "batches of 1,000 web_clicks events offered at %,.0f events/s for %d s, ingested end to end (first "
                        + "post to last ledger row), then replayed %d times through POST /api/replays (request to "
                        + "report); the baseline is that ingest rate, the goal 5x", rate, duration.toSeconds(), rounds));
    }

    /** Records per second from the replay request to its report, timed here. */
    private double replayOnce(EndToEnd.Pipeline pipeline) throws IOException, InterruptedException {
        String operator = BenchKeys.operatorKey(pipeline.data());
        long start = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(pipeline.jvm().url("/api/replays"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"" + ClickEvents.SOURCE + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("replay refused: " + started.statusCode() + " " + started.body());
        }
        String follow = started.headers().firstValue("Location").orElseThrow();
        while (true) {
            JsonNode state = JSON.readTree(http.send(HttpRequest.newBuilder(pipeline.jvm().url(follow))
                    .header("Authorization", "Bearer " + operator).build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            switch (state.path("phase").asText()) {
                case "done" -> {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    return state.path("report").path("records").asLong() / seconds;
                }
                case "failed" -> throw new IllegalStateException("replay failed: " + state.path("error").asText());
                default -> Thread.sleep(100);
            }
        }
    }

    private static void awaitLedger(EndToEnd.Pipeline pipeline, long expected) throws SQLException,
            InterruptedException {
        try (Connection c = pipeline.database();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tributary.applied_batches")) {
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= expected) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
    }
}
