package dev.tributary.bootstrap;

import dev.tributary.adapters.local.queue.FileMessageQueue;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.bootstrap.config.NoticeQueues;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Invariant 2 and 3: every message of every stage delivered a second time changes no aggregate. */
class RedeliveryIT {
    @TempDir
    Path data;

    @Test
    void everyMessageDeliveredTwiceIsCountedOnce() {
        try (TestPipeline tributary = TestPipeline.start(data, Map.of())) {
            for (int i = 0; i < 10; i++) {
                String readings = "{\"sensor_id\":\"s" + (i % 3) + "\",\"temperature_f\":" + (50 + i)
                        + ",\"read_at\":1795514410000}\n{\"sensor_id\":\"s9\",\"temperature_f\":1,\"read_at\":1795514470000}\n";
                assertThat(tributary.post("sensor_readings", "application/x-ndjson", readings).statusCode()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> tributary.appliedBatches() == 10);
            List<Map<String, String>> before = tributary.rows("sensor_readings", "temperature_per_minute_by_sensor");

            redeliverEverything(tributary);
            await().atMost(Duration.ofSeconds(30)).until(() -> drained(tributary));

            assertThat(tributary.appliedBatches()).isEqualTo(10);
            assertThat(tributary.rows("sensor_readings", "temperature_per_minute_by_sensor")).isEqualTo(before);
            assertThat(before).extracting(r -> r.get("readings")).containsExactlyInAnyOrder("4", "3", "3", "10");
        }
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstBatchIdAndCountsOnce() {
        try (TestPipeline tributary = TestPipeline.start(data, Map.of())) {
            String reading = "{\"sensor_id\":\"retry\",\"temperature_f\":50,\"read_at\":1795514410000}\n";
            java.net.http.HttpRequest.Builder post = java.net.http.HttpRequest.newBuilder(
                            tributary.url().resolve("/ingest/sensor_readings"))
                    .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "reading-2026-11-24-001")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(reading));

            String first = TestPipeline.json(tributary.send(post.build())).get("batchId").asText();
            String retry = TestPipeline.json(tributary.send(post.build())).get("batchId").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> tributary.appliedBatches() == 1 && drained(tributary));

            assertThat(retry).isEqualTo(first);
            assertThat(tributary.rows("sensor_readings", "temperature_per_minute_by_sensor"))
                    .extracting(r -> r.get("readings")).containsExactly("1");
        }
    }

    /** Publishes again what each stage already consumed: the ingest batches and every object notice. */
    private static void redeliverEverything(TestPipeline tributary) {
        LakeStore lake = tributary.context.getBean(LakeStore.class);
        MessageQueue<Batch> ingest = ingestQueue(tributary);
        for (ObjectKey raw : lake.list(Zone.RAW, Optional.empty())) {
            LakeStore.LakeObject object = lake.get(raw).orElseThrow();
            Lineage lineage = Lineage.fromMetadata(object.metadata());
            ingest.publish(new Batch(raw.batch(), raw.source(), raw.format().input().orElseThrow(),
                    lineage.receivedAt(), lineage.rawRecords(), object.bytes()));
        }
        for (Zone zone : List.of(Zone.RAW, Zone.TRANSFORMED, Zone.STAGED)) {
            MessageQueue<ObjectKey> notices = notices(tributary, zone);
            lake.list(zone, Optional.empty()).forEach(notices::publish);
        }
    }

    private static boolean drained(TestPipeline tributary) {
        MessageQueue<Batch> ingest = ingestQueue(tributary);
        return Stream.concat(Stream.of(ingest.stats()),
                        Stream.of(Zone.RAW, Zone.TRANSFORMED, Zone.STAGED).map(z -> notices(tributary, z).stats()))
                .allMatch(s -> s.waiting() == 0 && s.inFlight() == 0);
    }

    @SuppressWarnings("unchecked")
    private static MessageQueue<Batch> ingestQueue(TestPipeline tributary) {
        return tributary.context.getBean(FileMessageQueue.class);
    }

    private static MessageQueue<ObjectKey> notices(TestPipeline tributary, Zone zone) {
        return tributary.context.getBean(NoticeQueues.class).of(zone);
    }
}
