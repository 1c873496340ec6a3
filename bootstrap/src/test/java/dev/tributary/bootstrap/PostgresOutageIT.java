package dev.tributary.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.adapters.local.db.EmbeddedDatabase;
import dev.tributary.adapters.local.queue.FileMessageQueue;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.bootstrap.config.NoticeQueues;
import dev.tributary.domain.lake.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invariant 8 on the real embedded PostgreSQL: the database is stopped for {@link #OUTAGE} while batches keep coming,
 * far longer than a staged notice takes to be dead-lettered by failed tries (visibility timeout x max receives, here
 * 2 s x 3). The aggregators wait it out: after PostgreSQL is started again every accepted batch is counted exactly
 * once, no queue holds a dead letter, and /api/status answered throughout, naming PostgreSQL as down, as did the
 * dashboard's banner in headless Chromium.
 */
class PostgresOutageIT {
    private static final Duration VISIBILITY = Duration.ofSeconds(2);
    private static final int MAX_RECEIVES = 3;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final String SENSOR = "outage";
    private static final String BATCH = ("{\"sensor_id\":\"" + SENSOR + "\",\"temperature_f\":50,\"read_at\":1795514410000}\n")
            .repeat(3);

    @TempDir
    Path data;
    private EmbeddedDatabase postgres;
    private ChromeDriver browser;

    @AfterEach
    void stopPostgres() {
        if (browser != null) {
            browser.quit();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aPostgresOutageLongerThanEveryRetryDeadLettersNothingAndCountsEveryBatchOnce() {
        Path pgData = data.resolve("postgres");
        postgres = EmbeddedDatabase.start(pgData, 0);
        int port = postgres.port();
        try (TestPipeline tributary = TestPipeline.start(data.resolve("tributary"), Map.of(
                "tributary.database.url", postgres.jdbcUrl(),
                "tributary.database.user", postgres.user(),
                "tributary.database.connect-timeout", "1s",
                "tributary.queue.visibility-timeout", VISIBILITY.toSeconds() + "s",
                "tributary.queue.max-receives", MAX_RECEIVES,
                "tributary.outages.failures-to-open", 3,
                "tributary.outages.first-backoff", "500ms",
                "tributary.outages.max-backoff", "4s"))) {
            assertThat(OUTAGE).isGreaterThan(VISIBILITY.multipliedBy(MAX_RECEIVES).multipliedBy(3));
            Set<String> accepted = new HashSet<>();
            post(tributary, accepted);
            await().atMost(Duration.ofSeconds(30)).until(() -> tributary.appliedBatches() == accepted.size());

            browser = Chromium.start();
            browser.get(tributary.url() + "/#key=" + tributary.keyFor("/api"));

            postgres.close();
            postgres = null;
            Instant stopped = Instant.now();
            List<JsonNode> statusDuringOutage = new ArrayList<>();
            String[] banner = {""};
            int[] posts = {1};
            await().atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                post(tributary, accepted);                                   // batches keep arriving
                posts[0]++;
                HttpResponse<String> status = tributary.get("/api/status");
                assertThat(status.statusCode()).as("/api/status during the outage").isEqualTo(200);
                statusDuringOutage.add(TestPipeline.json(status));
                if (banner[0].isEmpty() && bannerText().contains("PostgreSQL")) {
                    banner[0] = bannerText();
                    Chromium.screenshot(browser, "dashboard-postgres-outage");
                }
                return Duration.between(stopped, Instant.now()).compareTo(OUTAGE) >= 0;
            });
            Duration outage = Duration.between(stopped, Instant.now());
            postgres = EmbeddedDatabase.start(pgData, port);

            await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(PortUnavailableException.class)
                    .until(() -> tributary.appliedBatches() == accepted.size() && drained(tributary));

            long deadLetters = deadLetters(tributary);
            long readings = readings(tributary);
            long lost = Math.max(0, 3L * posts[0] - readings);
            long doubleCounted = Math.max(0, readings - 3L * posts[0]);
            System.out.printf("PostgresOutageIT: posted %d batches (%d batch ids), %d during a %d s outage "
                            + "(visibility %d s x %d receives); dead letters %d, lost %d, double-counted %d%n",
                    posts[0], accepted.size(), posts[0] - 1, outage.toSeconds(), VISIBILITY.toSeconds(),
                    MAX_RECEIVES, deadLetters, lost, doubleCounted);
            assertThat(deadLetters).as("dead letters").isZero();
            assertThat(tributary.appliedBatches()).as("ledger rows, one per accepted batch").isEqualTo(accepted.size());
            accepted.forEach(id -> assertThat(tributary.appliedRawRecords(new dev.tributary.domain.batch.BatchId(
                    java.util.UUID.fromString(id)))).as("ledger row of " + id).isPresent());
            assertThat(readings).as("readings counted, 3 per post").isEqualTo(3L * posts[0]);
            assertThat(statusDuringOutage).as("status answers naming PostgreSQL as down").anySatisfy(s -> {
                assertThat(s.get("outages").toString()).contains("PostgreSQL unavailable since");
                assertThat(s.get("unknown").toString()).contains("batchesApplied");
                assertThat(s.get("batchesApplied").isNull()).isTrue();
                assertThat(s.get("backlog")).hasSize(4);
            });
            assertThat(banner[0]).as("dashboard banner").contains("PostgreSQL is unavailable since")
                    .contains("nothing is lost");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    TestPipeline.json(tributary.get("/api/status")).get("outages").isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> bannerText().isEmpty());
        }
    }

    /** The outage banner's text, empty while it is hidden; read in one script call (the page re-renders it). */
    private String bannerText() {
        return String.valueOf(browser.executeScript(
                "const b = document.getElementById('outage'); return b.hidden ? '' : b.textContent;"));
    }

    private static void post(TestPipeline tributary, Set<String> accepted) {
        HttpResponse<String> response = tributary.post("sensor_readings", "application/x-ndjson", BATCH);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        accepted.add(TestPipeline.json(response).get("batchId").asText());
    }

    private static long readings(TestPipeline tributary) {
        return tributary.rows("sensor_readings", "temperature_per_minute_by_sensor").stream()
                .filter(r -> SENSOR.equals(r.get("sensor_id"))).mapToLong(r -> Long.parseLong(r.get("readings"))).sum();
    }

    private static Stream<MessageQueue<?>> queues(TestPipeline tributary) {
        NoticeQueues notices = tributary.context.getBean(NoticeQueues.class);
        return Stream.of(tributary.context.getBean(FileMessageQueue.class), notices.of(Zone.RAW),
                notices.of(Zone.TRANSFORMED), notices.of(Zone.STAGED));
    }

    private static boolean drained(TestPipeline tributary) {
        return queues(tributary).allMatch(q -> q.stats().waiting() == 0 && q.stats().inFlight() == 0);
    }

    private static long deadLetters(TestPipeline tributary) {
        return queues(tributary).mapToLong(q -> q.stats().deadLetters()).sum();
    }
}
