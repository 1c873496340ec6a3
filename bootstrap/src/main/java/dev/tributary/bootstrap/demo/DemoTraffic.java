package dev.tributary.bootstrap.demo;

import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer for every source: four times a second it posts a batch per source to an ingest API, in the source's
 * format, at a steady total rate, with a small share of deliberately bad records. Logs progress every 10 seconds.
 */
public final class DemoTraffic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);
    private static final int TICKS_PER_SECOND = 4;

    private final List<SourceDefinition> sources;
    private final Map<SourceName, String> keys;
    private final URI ingestBase;
    private final double eventsPerTickPerSource;
    private final double badShare;
    private final Clock clock;
    private final Random random;
    private final RecordFaker faker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tributary-demo");
        t.setDaemon(true);
        return t;
    });
    private final double[] carry;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bad = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long lastReport;

    /**
     * {@code ingestBase} is the API root, e.g. http://localhost:8080; posts go to {@code <base>/ingest/<source>} with
     * that source's ingest key from {@code keys}. Sources without a key are left out.
     */
    public DemoTraffic(List<SourceDefinition> sources, Map<SourceName, String> keys, URI ingestBase,
                       int eventsPerSecond, double badShare, Clock clock, long seed) {
        this.sources = sources.stream().filter(s -> keys.containsKey(s.name())).toList();
        this.keys = Map.copyOf(keys);
        this.ingestBase = ingestBase;
        this.eventsPerTickPerSource = (double) eventsPerSecond / TICKS_PER_SECOND / Math.max(1, this.sources.size());
        this.badShare = badShare;
        this.clock = clock;
        this.random = new Random(seed);
        this.faker = new RecordFaker(random);
        this.carry = new double[this.sources.size()];
    }

    public DemoTraffic start() {
        lastReport = System.nanoTime();
        ticker.scheduleAtFixedRate(this::tick, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
        LOG.atInfo().addKeyValue("sources", sources.size()).addKeyValue("target", ingestBase)
                .addKeyValue("eventsPerSecond", Math.round(eventsPerTickPerSource * TICKS_PER_SECOND * sources.size()))
                .log("demo traffic started");
        return this;
    }

    private void tick() {
        try {
            for (int i = 0; i < sources.size(); i++) {
                carry[i] += eventsPerTickPerSource;
                int n = (int) carry[i];
                if (n == 0) {
                    continue;
                }
                carry[i] -= n;
                post(sources.get(i), n);
            }
            report();
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("error", e.toString()).log("demo tick failed");
        }
    }

    private void post(SourceDefinition source, int n) {
        List<Map<String, Object>> records = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            boolean spoil = random.nextDouble() < badShare;
            records.add(faker.record(source, clock.instant(), spoil));
            if (spoil) {
                bad.incrementAndGet();
            }
        }
        HttpRequest request = HttpRequest.newBuilder(ingestBase.resolve("/ingest/" + source.name().value()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", source.format().contentType())
                .header("Authorization", "Bearer " + keys.get(source.name()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(PayloadWriter.write(source, records)))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 202) {
                accepted.incrementAndGet();
                events.addAndGet(n);
            } else {
                refused.incrementAndGet();
            }
        } catch (IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void report() {
        long now = System.nanoTime();
        if (now - lastReport < TimeUnit.SECONDS.toNanos(10)) {
            return;
        }
        lastReport = now;
        LOG.atInfo().addKeyValue("events", events.get()).addKeyValue("badRecords", bad.get())
                .addKeyValue("batchesAccepted", accepted.get()).addKeyValue("batchesRefused", refused.get())
                .addKeyValue("postsFailed", failed.get()).log("demo traffic progress");
    }

    /** Events in batches the API accepted with 202. */
    public long eventsAccepted() {
        return events.get();
    }

    public long batchesAccepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
