package dev.tributary.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Group commit through HTTP: concurrent single-event posts share one batch, each 202 names it and counts the post's
 * own records, and the aggregates count every event exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestGroupingIT {
    private static final int POSTS = 12;

    @TempDir
    static Path data;
    private TestPipeline tributary;

    @BeforeAll
    void start() {
        // timed groups, as on AWS: they close when full (POSTS records) long before the wait ends, so all posts land
        // in one group (eager groups, the local default, are covered by GroupCommitTest)
        tributary = TestPipeline.start(data, Map.of("tributary.ingest.group-max-wait", "30s",
                "tributary.ingest.group-max-records", POSTS, "tributary.ingest.group-eager", false));
    }

    @AfterAll
    void stop() {
        tributary.close();
    }

    @Test
    void concurrentSingleEventPostsShareOneBatchAndCountOnce() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, POSTS)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(tributary.url().resolve("/ingest/sensor_readings"))
                                .header("Content-Type", "application/x-ndjson")
                                .header("Authorization", "Bearer " + tributary.keyFor("/ingest/sensor_readings"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"sensor_id\":\"s" + (i % 3)
                                        + "\",\"temperature_f\":" + (32 + i) + ",\"read_at\":1795514410000}"))
                                .build(), HttpResponse.BodyHandlers.ofString()))
                .toList();

        List<JsonNode> receipts = responses.stream().map(CompletableFuture::join).map(response -> {
            assertThat(response.statusCode()).isEqualTo(202);
            return TestPipeline.json(response);
        }).toList();

        Set<String> batches = receipts.stream().map(r -> r.get("batchId").asText()).collect(Collectors.toSet());
        assertThat(batches).hasSize(1);
        assertThat(receipts).allSatisfy(r -> assertThat(r.get("records").asInt()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> tributary.appliedBatches() == 1);
        assertThat(tributary.rows("sensor_readings", "temperature_per_minute_by_sensor"))
                .extracting(row -> row.get("sensor_id") + " " + row.get("readings"))
                .containsExactlyInAnyOrder("s0 4", "s1 4", "s2 4");
    }
}
