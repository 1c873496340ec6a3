package dev.tributary.deploy.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.deploy.TestStacks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped stack's twin ({@link StackTwin}: the synthesized template's services and functions as processes, with the
 * shipped sizing) carries orders posted with an ingest key to the aggregates, read back through the client service
 * with a read key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackTwinIT {
    /** Test-only keys; their digests are the fixture src/test/resources/access-keys.txt, the secret's value. */
    static final String INGEST_KEY = "trb_twin-ingest-orders-test-only";
    static final String READ_KEY = "trb_twin-read-test-only";
    static final String OPERATOR_KEY = "trb_twin-operator-test-only";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StackTwin twin;

    @BeforeAll
    static void startTwin() throws Exception {
        twin = StackTwin.start(new StackTwin.Options(TestStacks.SIZING, Path.of("target", "twin"), false));
    }

    @AfterAll
    static void stopTwin() throws Exception {
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    @Order(1)
    void ordersPostedToTheIngestServiceAreAggregatedAndReadBackThroughTheClientService() throws Exception {
        URI ingest = twin.serviceUrl("ingest").resolve("/ingest/orders");
        URI aggregates = twin.serviceUrl("client").resolve("/api/aggregates/orders/orders_per_minute");
        String orders = orders();

        HttpResponse<String> withoutKey = StackTwin.send(HttpRequest.newBuilder(ingest)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(orders)));
        HttpResponse<String> accepted = StackTwin.send(HttpRequest.newBuilder(ingest)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + INGEST_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(orders)));
        twin.mark("posted");
        List<JsonNode> rows = new ArrayList<>();
        int[] ordersColumn = {-1};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            twin.services().values().forEach(ChildJvm::requireAlive);
            HttpResponse<String> read = StackTwin.send(HttpRequest.newBuilder(aggregates)
                    .header("Authorization", "Bearer " + READ_KEY).GET());
            rows.clear();
            if (read.statusCode() == 200) {
                JsonNode table = JSON.readTree(read.body());
                ordersColumn[0] = columns(table).indexOf("orders");
                table.path("rows").forEach(rows::add);
            }
            return rows.stream().mapToLong(r -> r.get(ordersColumn[0]).asLong()).sum() == 5;
        });
        twin.mark("aggregated and read back");
        HttpResponse<String> readWithIngestKey = StackTwin.send(HttpRequest.newBuilder(aggregates)
                .header("Authorization", "Bearer " + INGEST_KEY).GET());

        assertThat(withoutKey.statusCode()).as("closed by default").isEqualTo(401);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(rows).hasSize(2);   // 10:01 and 10:02; the sixth order is quarantined (bad id)
        assertThat(readWithIngestKey.statusCode()).isEqualTo(403);
        assertThat(twin.functions().failures()).isEmpty();
        assertThat(twin.cloud().secrets().calls()).anyMatch(c -> c.startsWith(twin.taskRole("ingest")))
                .anyMatch(c -> c.startsWith(twin.taskRole("client")))
                .noneMatch(c -> c.startsWith(twin.taskRole("aggregator")));
    }

    /**
     * Issue 14: the replay task, started as {@code aws ecs run-task} with the command override the stack's output
     * prints, recomputes the orders from the twin's S3 and PostgreSQL with its own role's grants, and exits 0.
     */
    @Test
    @Order(2)
    void theReplayTaskRunsOnceAsRunTaskStartsItAndEnds() throws Exception {
        ChildJvm task = twin.runTask(List.of("replay", "--in-process", "--source", "orders"));
        int exit = task.awaitExit(Duration.ofSeconds(120));
        twin.mark("replay task ended");

        assertThat(exit).as(task.tail(60)).isZero();
        assertThat(task.tail(60)).contains("Replayed 1 batches (0 transformed and staged again",
                "orders_per_minute: 2 rows before, 2 after; 0 changed, 0 added, 0 removed");
    }

    /**
     * Issue 13 on AWS: every step has a queue there too, so the client service shows the four backlogs and redrives a
     * dead letter of the transformation step (a notice of the orders' raw object, as SQS moves it after
     * {@code maxReceiveCount} failures) into the raw-notice queue, whose function transforms the object again; the
     * ledger still counts the batch once.
     */
    @Test
    @Order(3)
    void theClientShowsEveryQueueAndRedrivesADeadLetterOfTheTransformationIntoItsQueue() throws Exception {
        String rawBucket = twin.cloud().bucketNamed("raw");
        String rawKey = twin.cloud().keys(rawBucket, "raw/").get(0);
        URI deadLetters = twin.cloud().queueNamed("RawNoticeDeadLetters");
        twin.cloud().sqs.sendMessage(b -> b.queueUrl(deadLetters.toString()).messageBody(
                twin.cloud().notifications().event(rawBucket, rawKey, "ObjectCreated:Put", 1, null)));
        long ledgerRows = twin.ledgerRows();

        HttpResponse<String> redriven = StackTwin.send(HttpRequest.newBuilder(twin.serviceUrl("client")
                        .resolve("/api/dead-letters/redrive?stage=transform"))
                .header("Authorization", "Bearer " + OPERATOR_KEY).POST(HttpRequest.BodyPublishers.noBody()));
        await().atMost(Duration.ofSeconds(60)).until(twin::quiet);
        HttpResponse<String> status = StackTwin.send(HttpRequest.newBuilder(twin.serviceUrl("client")
                .resolve("/api/status")).header("Authorization", "Bearer " + READ_KEY).GET());

        assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
        assertThat(JSON.readTree(redriven.body()).path("moved").asLong()).isEqualTo(1);
        assertThat(twin.cloud().deadLetters().values()).allMatch(n -> n == 0);
        assertThat(twin.ledgerRows()).isEqualTo(ledgerRows);
        assertThat(twin.functions().failures()).isEmpty();
        List<String> stages = new ArrayList<>();
        JSON.readTree(status.body()).path("backlog").forEach(b -> stages.add(b.path("stage").asText()));
        assertThat(stages).containsExactlyInAnyOrder("ingest", "raw", "transformed", "staged");
    }

    /** Six orders over two minutes; the last has an id the source's rules reject (it goes to quarantine). */
    private static String orders() {
        List<String> orders = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            orders.add("""
                    {"order_id":"%s","customer":{"id":"c%d"},"shipping":{"country":"de"},"items":%d,\
                    "amount_cents":%d,"ordered_at":"2026-11-24T10:0%d:%02dZ"}"""
                    .formatted(i == 6 ? "not-an-order" : "ORD-%06d".formatted(i), i % 3, i, 1000 + i * 99,
                            i <= 3 ? 1 : 2, i * 7));
        }
        return "[" + String.join(",", orders) + "]";
    }

    private static List<String> columns(JsonNode table) {
        List<String> columns = new ArrayList<>();
        table.path("columns").forEach(c -> columns.add(c.asText()));
        return columns;
    }
}
