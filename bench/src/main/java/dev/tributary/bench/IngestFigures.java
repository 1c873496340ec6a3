package dev.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingest API against the bare endpoint in the same {@link IngestServer} JVM, driven by wrk with the same body,
 * connections and duration. One untimed warm-up round per side, then rounds alternating which side goes first.
 */
final class IngestFigures {
    private final Wrk wrk;
    private final ChildJvm server;
    private final String key;
    private final Path work;
    private final int rounds;
    private final Duration each;

    /** {@code key}: the ingest key the server created for the bench's source. */
    IngestFigures(Wrk wrk, ChildJvm server, String key, Path work, int rounds, Duration each) {
        this.key = key;
        this.wrk = wrk;
        this.server = server;
        this.work = work;
        this.rounds = rounds;
        this.each = each;
    }

    /** NDJSON posts of 1,000 events of ~500 B into the durable queue, events/s; goal: 60 % of the bare endpoint. */
    Comparison batch() throws IOException, InterruptedException {
        return alternate("Batch ingest (1,000 events/request)", "events/s", 1000, 16, 0.60);
    }

    /** Single-event posts (group commit shares the fsyncs), requests/s; goal: 50 % of the bare endpoint. */
    Comparison single() throws IOException, InterruptedException {
        return alternate("Single-event ingest", "requests/s", 1, 64, 0.50);
    }

    private Comparison alternate(String figure, String unit, int events, int connections, double goal)
            throws IOException, InterruptedException {
        Path body = work.resolve("body-" + events + ".ndjson");
        Files.write(body, new ClickEvents(events).batch(events, Instant.now()));
        String ingest = server.url("/ingest/" + ClickEvents.SOURCE).toString();
        String bare = server.url("/discard/" + ClickEvents.SOURCE).toString();
        measure(bare, body, connections);
        measure(ingest, body, connections);
        List<Double> subject = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean bareFirst = round % 2 == 0;
            double first = measure(bareFirst ? bare : ingest, body, connections);
            double second = measure(bareFirst ? ingest : bare, body, connections);
            baseline.add((bareFirst ? first : second) * events);
            subject.add((bareFirst ? second : first) * events);
        }
        String setup = String.format("wrk -t1 -c%d, %d s per side and round, body %,d B (%d event%s)", connections,
                each.toSeconds(), Files.size(body), events, events == 1 ? "" : "s");
        return new Comparison(figure, unit, subject, baseline, goal, setup);
    }

    private double measure(String url, Path body, int connections) throws IOException, InterruptedException {
        Wrk.Result result = wrk.post(url, body, ClickEvents.CONTENT_TYPE, key, connections, each);
        if (result.failed() > 0) {
            throw new IllegalStateException(result.failed() + " of " + result.requests() + " requests to " + url
                    + " failed");
        }
        return result.requestsPerSecond();
    }
}
