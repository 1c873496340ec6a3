package dev.tributary.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop producer: posts a fresh NDJSON batch of {@code web_clicks} events on a fixed schedule, whether or
 * not earlier posts have been answered (up to {@code maxInFlight}; a tick beyond that is counted as skipped, i.e.
 * the server fell behind the offered rate). Event times are the current time, as a live producer's would be, unless
 * a figure gives its own clock.
 */
final class SteadyLoad {
    /** What one run did: batches posted, answered 202, failed (other status or I/O error), skipped. */
    record Counts(long posted, long accepted, long failed, long skipped) {
    }

    private final URI ingest;
    private final int eventsPerBatch;
    private final int maxInFlight;
    private final String key;
    private final ClickEvents events;
    private final Clock eventClock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** {@code key}: an ingest key of the source posted to (the pipeline is closed by default). */
    SteadyLoad(URI ingest, String key, int eventsPerBatch, int maxInFlight, long seed) {
        this(ingest, key, eventsPerBatch, maxInFlight, seed, Clock.systemUTC());
    }

    /** Events stamped by {@code eventClock} rather than the current time. */
    SteadyLoad(URI ingest, String key, int eventsPerBatch, int maxInFlight, long seed, Clock eventClock) {
        this.eventClock = eventClock;
        this.ingest = ingest;
        this.key = key;
        this.eventsPerBatch = eventsPerBatch;
        this.maxInFlight = maxInFlight;
        this.events = new ClickEvents(seed);
    }

    /** Offers {@code eventsPerSecond} for {@code duration}, then waits for the answers still outstanding. */
    Counts run(double eventsPerSecond, Duration duration) throws InterruptedException {
        long interval = Math.round(eventsPerBatch / eventsPerSecond * 1e9);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long posted = 0;
        long skipped = 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long next = start; next < end; next += interval) {
            LockSupport.parkNanos(next - System.nanoTime());
            if (inFlight.get() >= maxInFlight) {
                skipped++;
                continue;
            }
            HttpRequest post = HttpRequest.newBuilder(ingest).header("Content-Type", ClickEvents.CONTENT_TYPE)
                    .header("Authorization", "Bearer " + key)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(events.batch(eventsPerBatch, eventClock.instant())))
                    .build();
            inFlight.incrementAndGet();
            posted++;
            http.sendAsync(post, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() == 202) {
                    accepted.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                inFlight.decrementAndGet();
            });
        }
        while (inFlight.get() > 0) {
            Thread.sleep(10);
        }
        return new Counts(posted, accepted.get(), failed.get(), skipped);
    }
}
