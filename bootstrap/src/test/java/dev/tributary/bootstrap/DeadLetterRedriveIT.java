package dev.tributary.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.adapters.local.queue.FileMessageQueue;
import dev.tributary.adapters.postgres.JdbcSchema;
import dev.tributary.bootstrap.cli.TributaryCommand;
import dev.tributary.bootstrap.config.NoticeQueues;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invariants 4 and 2 on the whole local pipeline: a staged batch that PostgreSQL refuses by itself (a CHECK
 * constraint an operator added by mistake rejects its sensor) is dead-lettered after its receives; once the
 * constraint is dropped, the operator's redrive (API and CLI) brings it back and the ledger counts it exactly once, a
 * second redrive moves nothing, and a duplicate of the moved notice (what a crash mid-redrive leaves) changes nothing.
 */
class DeadLetterRedriveIT {
    private static final String TABLE = "temperature_per_minute_by_sensor";
    private static final String POISON = "redrive-me";

    @TempDir
    Path data;

    @Test
    void aDeadLetterFixedAndRedrivenIsCountedExactlyOnceAndASecondRedriveChangesNothing() throws Exception {
        try (TestPipeline tributary = TestPipeline.start(data, Map.of(
                "tributary.queue.visibility-timeout", "2s",
                "tributary.queue.max-receives", 2))) {
            post(tributary, "fine");                                    // prepares the aggregate table
            await().atMost(Duration.ofSeconds(30)).until(() -> tributary.appliedBatches() == 1);
            sql(tributary, "ALTER TABLE reports." + TABLE + " ADD CONSTRAINT redrive_it_refuses CHECK (sensor_id <> '"
                    + POISON + "') NOT VALID");

            BatchId poisoned = post(tributary, POISON);
            // a slow first staging may publish the notice twice (at-least-once), so wait for every copy to give up
            await().atMost(Duration.ofSeconds(60)).until(() -> stagedDeadLetters(tributary) >= 1 && drained(tributary));
            assertThat(tributary.appliedRawRecords(poisoned)).as("refused batch not in the ledger").isEmpty();
            List<ObjectKey> dead = ((FileMessageQueue<ObjectKey>) notices(tributary)).deadLetters();
            assertThat(dead).isNotEmpty().allSatisfy(key -> assertThat(key.batch()).isEqualTo(poisoned));
            ObjectKey staged = dead.get(0);

            HttpResponse<String> byReader = redrive(tributary, "{\"stage\":\"aggregate\"}", Right.READ);
            HttpResponse<String> unknownStage = redrive(tributary, "{\"stage\":\"ingest\"}", Right.OPERATOR);
            HttpResponse<String> unknownSource = redrive(tributary, "{\"source\":\"nope\"}", Right.OPERATOR);
            assertProblem(byReader, 403, "operator");
            assertProblem(unknownStage, 400, "write_raw, transform, stage, aggregate");
            assertProblem(unknownSource, 404, "nope");
            assertThat(stagedDeadLetters(tributary)).as("refusals moved nothing").isEqualTo(dead.size());
            assertThat(dashboardRedriveWithAReadKey(tributary)).as("the dashboard shows the 403's detail")
                    .contains("an operator key");
            assertThat(stagedDeadLetters(tributary)).as("the dashboard's refused click moved nothing")
                    .isEqualTo(dead.size());

            sql(tributary, "ALTER TABLE reports." + TABLE + " DROP CONSTRAINT redrive_it_refuses");
            HttpResponse<String> first = redrive(tributary, "{\"stage\":\"aggregate\",\"source\":\"sensor_readings\"}",
                    Right.OPERATOR);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(TestPipeline.json(first).get("moved").asLong()).isEqualTo(dead.size());
            await().atMost(Duration.ofSeconds(30)).until(() -> tributary.appliedRawRecords(poisoned).isPresent());
            await().atMost(Duration.ofSeconds(30)).until(() -> drained(tributary));

            HttpResponse<String> second = redrive(tributary, "", Right.OPERATOR);
            notices(tributary).publish(staged);                         // a crash mid-redrive may move it twice
            await().atMost(Duration.ofSeconds(30)).until(() -> drained(tributary));

            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            System.out.printf("DeadLetterRedriveIT: %d dead letter(s) of batch %s redriven, then %s%n", dead.size(),
                    poisoned, second.body());
            assertThat(TestPipeline.json(second).get("moved").asLong()).isZero();
            assertThat(TestPipeline.json(second).get("stages")).hasSize(4);
            assertThat(tributary.appliedBatches()).as("ledger rows").isEqualTo(2);
            assertThat(readings(tributary, POISON)).as("readings of the redriven batch, counted once").isEqualTo(3);
            assertThat(readings(tributary, "fine")).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> stagedDeadLetters(tributary) == 0);  // status is cached ~1 s
            assertThat(cli(tributary)).as("CLI progress").containsSubsequence(
                    "[#####...............] 1/4 write_raw: 0 dead letters sent again",
                    "[##########..........] 2/4 transform: 0 dead letters sent again",
                    "[###############.....] 3/4 stage: 0 dead letters sent again",
                    "[####################] 4/4 aggregate: 0 dead letters sent again");
        }
    }

    /** Clicks "Send dead letters again" next to the staged zone's count, holding only a read key; returns what shows. */
    private static String dashboardRedriveWithAReadKey(TestPipeline tributary) {
        String read = tributary.context.getBean(LocalKeyFiles.class).keyFor(Right.READ, Optional.empty()).orElseThrow();
        ChromeDriver browser = Chromium.start();
        try {
            browser.get(tributary.url() + "/#key=" + read);
            String button = "document.querySelector('#flow button.redrive[data-stage=aggregate]')";
            await().atMost(Duration.ofSeconds(20)).until(() ->        // one script call: the flow is redrawn every second
                    Boolean.TRUE.equals(browser.executeScript("return " + button + " != null")));
            browser.executeScript(button + ".click()");
            String result = "const r = document.querySelector('#flow .result.error[data-queue=staged]'); "
                    + "return r ? r.textContent : '';";
            await().atMost(Duration.ofSeconds(10)).until(() -> !String.valueOf(browser.executeScript(result)).isEmpty());
            Chromium.screenshot(browser, "dead-letter-redrive-refused");
            return String.valueOf(browser.executeScript(result));
        } finally {
            browser.quit();
        }
    }

    private static BatchId post(TestPipeline tributary, String sensor) {
        HttpResponse<String> response = tributary.post("sensor_readings", "application/x-ndjson",
                ("{\"sensor_id\":\"" + sensor + "\",\"temperature_f\":50,\"read_at\":1795514410000}\n").repeat(3));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return new BatchId(UUID.fromString(TestPipeline.json(response).get("batchId").asText()));
    }

    private static HttpResponse<String> redrive(TestPipeline tributary, String body, Right right) {
        String key = tributary.context.getBean(LocalKeyFiles.class).keyFor(right, Optional.empty()).orElseThrow();
        return tributary.sendAsIs(HttpRequest.newBuilder(tributary.url().resolve("/api/dead-letters/redrive"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Runs {@code tributary redrive dead-letters} against the pipeline and returns what it printed. */
    private List<String> cli(TestPipeline tributary) {
        String key = tributary.context.getBean(LocalKeyFiles.class).keyFor(Right.OPERATOR, Optional.empty()).orElseThrow();
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setProperty("tributary.storage.data-directory", data.resolve("cli").toString());
        int exit;
        try {
            exit = TributaryCommand.execute("redrive",
                    "dead-letters", "--url", tributary.url().toString(), "--key", key);
        } finally {
            System.setOut(saved);
            System.clearProperty("tributary.storage.data-directory");
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        return printed.lines().toList();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = TestPipeline.json(response);
        assertThat(problem.get("detail").asText()).contains(detail);
    }

    private static dev.tributary.application.port.out.MessageQueue<ObjectKey> notices(TestPipeline tributary) {
        return tributary.context.getBean(NoticeQueues.class).of(Zone.STAGED);
    }

    private static long stagedDeadLetters(TestPipeline tributary) {
        JsonNode status = TestPipeline.json(tributary.get("/api/status"));
        for (JsonNode stage : status.get("backlog")) {
            if (stage.get("stage").asText().equals("staged")) {
                return stage.get("deadLetters").asLong();
            }
        }
        throw new IllegalStateException("no staged backlog in " + status);
    }

    private static boolean drained(TestPipeline tributary) {
        NoticeQueues notices = tributary.context.getBean(NoticeQueues.class);
        return List.of(notices.of(Zone.RAW), notices.of(Zone.TRANSFORMED), notices.of(Zone.STAGED)).stream()
                .allMatch(q -> q.stats().waiting() == 0 && q.stats().inFlight() == 0);
    }

    private static long readings(TestPipeline tributary, String sensor) {
        return tributary.rows("sensor_readings", TABLE).stream().filter(r -> sensor.equals(r.get("sensor_id")))
                .mapToLong(r -> Long.parseLong(r.get("readings"))).sum();
    }

    private static void sql(TestPipeline tributary, String statement) throws SQLException {
        DataSource database = DelegatingDataSource.unwrapDataSource(
                tributary.context.getBean(DataSource.class, Qualifiers.byName(JdbcSchema.DATA_SOURCE)));
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
