package dev.tributary.bootstrap;

import dev.tributary.bootstrap.config.NoticeQueues;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.scaling.QueueStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, 4(d): a traffic spike through the whole local pipeline. The aggregator pool rises above its minimum
 * while staged notices wait, never beyond its maximum, every posted batch is applied exactly once, and the pool falls
 * back to its minimum once the backlog is gone. The timeline (aggregators and staged-notice backlog per scaling
 * check) is printed and kept in {@code target/burst-timeline.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregatorBurstIT {
    private static final int MIN = 1;
    private static final int MAX = 3;
    private static final int BACKLOG_PER_AGGREGATOR = 2;
    private static final int SCALE_IN_AFTER_CHECKS = 3;
    private static final Duration SCALING_INTERVAL = Duration.ofMillis(250);
    private static final int POSTS_PER_SOURCE = 80;
    private static final int RECORDS_PER_POST = 3;
    private static final Path TIMELINE = Path.of("target/burst-timeline.txt");

    @TempDir
    static Path data;
    private TestPipeline tributary;

    @BeforeAll
    void start() {
        // one batch per post (no group commit), so the spike becomes as many staged objects as posts; four stagers
        // feed the staged zone faster than one aggregator drains it, as a burst upstream would
        // the pool's policy comes from a sizing file, as deploy/sizing.yml gives it to the pool and the ECS service
        Path sizing = data.resolve("sizing.yml");
        try {
            Files.writeString(sizing, """
                    services:
                      aggregator: {min: %d, max: %d, target: %d, scale_in_after: %d}
                    """.formatted(MIN, MAX, BACKLOG_PER_AGGREGATOR, SCALE_IN_AFTER_CHECKS));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        tributary = TestPipeline.start(data, Map.of(
                "tributary.ingest.group-max-wait", "0s",
                "tributary.workers.stagers", 4,
                "tributary.workers.sizing", sizing.toString(),
                "tributary.workers.scaling-interval", SCALING_INTERVAL.toString()));
    }

    @AfterAll
    void stop() {
        if (tributary != null) {
            tributary.close();
        }
    }

    @Test
    void spikeScalesAggregatorsOutWithinMaxAndBackToMinWithEveryBatchAppliedOnce() throws IOException {
        List<Sample> timeline = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        long startNanos = System.nanoTime();
        sampler.scheduleAtFixedRate(() -> timeline.add(sample(startNanos)), 0, SCALING_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        Map<BatchId, Integer> posted = new ConcurrentHashMap<>();
        try {
            spike(posted);

            await().atMost(Duration.ofSeconds(20)).until(() -> tributary.triggers().aggregatorWorkers() > MIN);
            await().atMost(Duration.ofSeconds(40)).until(() -> tributary.appliedBatches() == posted.size());
            await().atMost(Duration.ofSeconds(15)).until(() -> tributary.triggers().aggregatorWorkers() == MIN);
            timeline.add(sample(startNanos));
        } finally {
            sampler.shutdownNow();
            writeTimeline(timeline);
        }

        assertThat(posted).hasSize(3 * POSTS_PER_SOURCE);
        assertThat(timeline).extracting(Sample::aggregators).allSatisfy(n -> assertThat(n).isBetween(MIN, MAX))
                .anySatisfy(n -> assertThat(n).isGreaterThan(MIN));
        assertThat(tributary.appliedBatches()).isEqualTo(posted.size());
        posted.forEach((batch, records) -> assertThat(tributary.appliedRawRecords(batch)).hasValue(records));
        long expected = (long) POSTS_PER_SOURCE * RECORDS_PER_POST;
        assertThat(total("sensor_readings", "temperature_per_minute_by_sensor", "readings")).isEqualTo(expected);
        assertThat(total("shop_orders", "shop_orders_per_hour_by_country", "orders")).isEqualTo(expected);
        assertThat(total("support_tickets", "tickets_per_day_by_priority", "tickets")).isEqualTo(expected);
    }

    /** Many small posts of three sources at once, from 12 clients; each post is one batch, remembered with its size. */
    private void spike(Map<BatchId, Integer> posted) {
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<CompletableFuture<Void>> posts = IntStream.range(0, POSTS_PER_SOURCE).boxed()
                    .flatMap(i -> List.<Runnable>of(
                            () -> post(posted, "sensor_readings", "application/x-ndjson", readings(i)),
                            () -> post(posted, "shop_orders", "application/json", orders(i)),
                            () -> post(posted, "support_tickets", "text/csv", tickets(i))).stream())
                    .map(post -> CompletableFuture.runAsync(post, clients))
                    .toList();
            posts.forEach(CompletableFuture::join);
        } finally {
            clients.shutdown();
        }
    }

    private void post(Map<BatchId, Integer> posted, String source, String contentType, String body) {
        HttpResponse<String> response = tributary.post(source, contentType, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        posted.put(BatchId.parse(TestPipeline.json(response).get("batchId").asText()), RECORDS_PER_POST);
    }

    private static String readings(int post) {
        StringBuilder body = new StringBuilder();
        for (int r = 0; r < RECORDS_PER_POST; r++) {
            body.append("{\"sensor_id\":\"s").append(r).append("\",\"temperature_f\":").append(32 + post)
                    .append(",\"read_at\":1795514410000}\n");
        }
        return body.toString();
    }

    private static String orders(int post) {
        StringBuilder body = new StringBuilder("[");
        for (int r = 0; r < RECORDS_PER_POST; r++) {
            body.append(r == 0 ? "" : ",").append(String.format(
                    "{\"order_id\":\"ORD-%06d\",\"shipping\":{\"country\":\"%s\"},\"amount_cents\":%d,"
                            + "\"customer\":\"c%d\",\"ordered_at\":\"2026-11-24T10:05:00Z\"}",
                    post * RECORDS_PER_POST + r, r % 2 == 0 ? "DE" : "FR", 100 + post, post % 7));
        }
        return body.append(']').toString();
    }

    private static String tickets(int post) {
        StringBuilder body = new StringBuilder("Ticket ID,Priority,Opened\r\n");
        List<String> priorities = List.of("low", "normal", "high");
        for (int r = 0; r < RECORDS_PER_POST; r++) {
            body.append("T").append(post * RECORDS_PER_POST + r).append(',').append(priorities.get(r % 3))
                    .append(",2026-11-24 09:30\r\n");
        }
        return body.toString();
    }

    private long total(String source, String aggregation, String column) {
        return tributary.rows(source, aggregation).stream().mapToLong(row -> Long.parseLong(row.get(column))).sum();
    }

    private Sample sample(long startNanos) {
        QueueStats staged = tributary.context.getBean(NoticeQueues.class).of(Zone.STAGED).stats();
        return new Sample(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                tributary.triggers().aggregatorWorkers(), staged.waiting(), staged.inFlight(),
                tributary.appliedBatches());
    }

    private static void writeTimeline(List<Sample> timeline) throws IOException {
        StringBuilder table = new StringBuilder(String.format("aggregator burst: %d posts, min %d, max %d, "
                + "backlog per aggregator %d, scale in after %d checks, check every %d ms%n", 3 * POSTS_PER_SOURCE,
                MIN, MAX, BACKLOG_PER_AGGREGATOR, SCALE_IN_AFTER_CHECKS, SCALING_INTERVAL.toMillis()));
        table.append(String.format("%8s %11s %14s %16s %15s%n",
                "t_ms", "aggregators", "staged_waiting", "staged_in_flight", "applied_batches"));
        timeline.forEach(s -> table.append(String.format("%8d %11d %14d %16d %15d%n",
                s.elapsedMillis(), s.aggregators(), s.stagedWaiting(), s.stagedInFlight(), s.applied())));
        System.out.print(table);
        Files.createDirectories(TIMELINE.getParent());
        Files.writeString(TIMELINE, table.toString());
    }

    private record Sample(long elapsedMillis, int aggregators, long stagedWaiting, long stagedInFlight,
                          long applied) {
    }
}
