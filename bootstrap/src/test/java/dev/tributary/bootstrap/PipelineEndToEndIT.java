package dev.tributary.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectFormat;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One JVM, real HTTP, real PostgreSQL: known posts for three sources, bad records included, exact results. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIT {
    @TempDir
    static Path data;
    TestPipeline tributary;

    @BeforeAll
    void start() {
        tributary = TestPipeline.start(data, Map.of("tributary.ingest.max-records", 50));
    }

    @AfterAll
    void stop() {
        if (tributary != null) {
            tributary.close();
        }
    }

    @Test
    @Order(1)
    void knownPostsBecomeExactAggregatesAndQuarantineEntries() throws Exception {
        String orders = """
                [
                 {"order_id":"ORD-000001","shipping":{"country":" de "},"amount_cents":1250,"customer":"c1","ordered_at":"2026-11-24T10:05:00Z"},
                 {"order_id":"ORD-000002","shipping":{"country":"DE"},"amount_cents":750,"customer":"c2","ordered_at":"2026-11-24T10:20:00Z"},
                 {"order_id":"ORD-000003","shipping":{"country":"fr"},"amount_cents":2000,"customer":"c1","ordered_at":"2026-11-24T10:40:00+00:00"},
                 {"order_id":"ORD-000004","amount_cents":100,"customer":"c3","ordered_at":"2026-11-24T11:10:00Z"},
                 {"order_id":"ORD-000005","shipping":{"country":"DE"},"amount_cents":-5,"customer":"c4","ordered_at":"2026-11-24T10:30:00Z"},
                 {"order_id":"XYZ","shipping":{"country":"DE"},"amount_cents":10,"customer":"c4","ordered_at":"2026-11-24T10:30:00Z"},
                 {"order_id":"ORD-000001","shipping":{"country":"DE"},"amount_cents":1250,"customer":"c1","ordered_at":"2026-11-24T10:05:00Z"}
                ]""";
        String readings = """
                {"sensor_id":"s1","temperature_f":212,"read_at":1795514410000}
                {"sensor_id":"s1","temperature_f":32,"read_at":1795514450000}
                {"sensor_id":"s2","temperature_f":"hot","read_at":1795514450000}
                """;
        String tickets = "Ticket ID,Priority,Opened\r\nT1,HIGH,2026-11-24 09:30\r\nT2, low ,2026-11-24 23:30\r\n"
                + "T3,urgent,2026-11-24 12:00\r\n";

        assertThat(tributary.post("shop_orders", "application/json", orders).statusCode()).isEqualTo(202);
        assertThat(tributary.post("sensor_readings", "application/x-ndjson", readings).statusCode()).isEqualTo(202);
        assertThat(tributary.post("support_tickets", "text/csv", tickets).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> tributary.appliedBatches() == 3);

        assertThat(tributary.rows("shop_orders", "shop_orders_per_hour_by_country")).containsExactly(
                Map.of("hour", "2026-11-24T11:00:00Z", "country", "ZZ", "orders", "1", "revenue_eur", "1",
                        "average_order_eur", "1", "customers", "1"),
                Map.of("hour", "2026-11-24T10:00:00Z", "country", "DE", "orders", "2", "revenue_eur", "20",
                        "average_order_eur", "10", "customers", "2"),
                Map.of("hour", "2026-11-24T10:00:00Z", "country", "FR", "orders", "1", "revenue_eur", "20",
                        "average_order_eur", "20", "customers", "1"));
        assertThat(tributary.rows("sensor_readings", "temperature_per_minute_by_sensor")).containsExactly(
                Map.of("minute", "2026-11-24T10:00:00Z", "sensor_id", "s1", "readings", "2", "highest_c", "100",
                        "lowest_c", "0"));
        assertThat(tributary.rows("support_tickets", "tickets_per_day_by_priority")).containsExactlyInAnyOrder(
                Map.of("day", "2026-11-24T00:00:00Z", "priority", "high", "tickets", "1"),
                Map.of("day", "2026-11-24T00:00:00Z", "priority", "low", "tickets", "1"));
        assertThat(quarantine()).containsExactlyInAnyOrder(
                "shop_orders record 5, field amount_eur: below minimum 0",
                "shop_orders record 6, field order_id: does not match pattern ORD-[0-9]{6}",
                "shop_orders record 7: duplicate of record 1 (same order_id)",
                "sensor_readings record 3, field temperature_c: not a valid decimal",
                "support_tickets record 3, field priority: not one of low, normal, high");
        assertThat(stagedTotalsByDuckDb()).containsExactlyInAnyOrder("DE 2 20.00", "FR 1 20.00", "ZZ 1 1.00");
    }

    /** Reads what {@link #knownPostsBecomeExactAggregatesAndQuarantineEntries} left; posts nothing itself. */
    @Test
    @Order(2)
    void aggregatesRollUpToACoarserBucketOverHttpAndAFinerOneIsAProblem() {
        List<Map<String, String>> perDay = tributary.rows("shop_orders", "shop_orders_per_hour_by_country",
                "?bucket=day");
        HttpResponse<String> perMinute = tributary.get(
                "/api/aggregates/shop_orders/shop_orders_per_hour_by_country?bucket=minute");
        HttpResponse<String> perWeek = tributary.get(
                "/api/aggregates/shop_orders/shop_orders_per_hour_by_country?bucket=week");
        String openApi = tributary.get("/openapi/tributary-1.yml").body();

        assertThat(perDay).containsExactly(
                Map.of("day", "2026-11-24T00:00:00Z", "country", "DE", "orders", "2", "revenue_eur", "20",
                        "average_order_eur", "10", "customers", "2"),
                Map.of("day", "2026-11-24T00:00:00Z", "country", "FR", "orders", "1", "revenue_eur", "20",
                        "average_order_eur", "20", "customers", "1"),
                Map.of("day", "2026-11-24T00:00:00Z", "country", "ZZ", "orders", "1", "revenue_eur", "1",
                        "average_order_eur", "1", "customers", "1"));
        assertThat(tributary.rows("sensor_readings", "temperature_per_minute_by_sensor", "?bucket=hour"))
                .containsExactly(Map.of("hour", "2026-11-24T10:00:00Z", "sensor_id", "s1", "readings", "2",
                        "highest_c", "100", "lowest_c", "0"));
        assertThat(perMinute.statusCode()).isEqualTo(400);
        assertThat(perMinute.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(TestPipeline.json(perMinute).get("detail").asText())
                .isEqualTo("aggregation 'shop_orders_per_hour_by_country' counts per hour, so it can be read per "
                        + "hour or day, not per minute");
        assertThat(perWeek.statusCode()).isEqualTo(400);
        assertThat(TestPipeline.json(perWeek).get("detail").asText()).isEqualTo("a bucket is minute, hour or day");
        assertThat(openApi).contains("name: bucket", "- minute", "- day", "name: after");
    }

    /** Pages through the three quarantine objects {@link #knownPostsBecomeExactAggregatesAndQuarantineEntries} left. */
    @Test
    @Order(3)
    void quarantinePagesOverHttpNewestFirstWithANextCursor() {
        JsonNode first = TestPipeline.json(tributary.get("/api/quarantine?limit=2"));
        JsonNode second = TestPipeline.json(tributary.get("/api/quarantine?limit=2&after="
                + first.get("next").asText()));
        HttpResponse<String> forged = tributary.get("/api/quarantine?after=not-a-cursor");

        List<String> batches = new java.util.ArrayList<>();
        first.get("batches").forEach(b -> batches.add(b.get("batchId").asText()));
        second.get("batches").forEach(b -> batches.add(b.get("batchId").asText()));
        assertThat(first.get("batches")).hasSize(2);
        assertThat(first.get("next").asText()).isEqualTo(batches.get(1));
        assertThat(second.get("batches")).hasSize(1);
        assertThat(second.hasNonNull("next")).isFalse();
        assertThat(batches).doesNotHaveDuplicates()
                .isSortedAccordingTo(java.util.Comparator.comparing(BatchId::parse).reversed());
        assertThat(batches).hasSize(3);
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(TestPipeline.json(forged).get("detail").asText()).doesNotContain("not-a-cursor");
    }

    /**
     * The orders of {@link #knownPostsBecomeExactAggregatesAndQuarantineEntries} happened on 2026-11-24 and were
     * received whenever this test runs: lineage finds their batch by its events, not by when it arrived.
     */
    @Test
    @Order(4)
    void lineageFindsTheBatchOfARowByItsEventsHoweverLateItWasReceived() {
        JsonNode lineage = TestPipeline.json(tributary.get("/api/lineage/shop_orders/shop_orders_per_hour_by_country"
                + "?bucket=2026-11-24T10:00:00Z&country=DE"));

        assertThat(lineage.get("complete").asBoolean()).isTrue();
        assertThat(lineage.get("batches")).hasSize(1);
        assertThat(lineage.get("batches").get(0).get("records").asLong()).isEqualTo(2);
        assertThat(lineage.get("batches").get(0).get("rawObject").asText()).startsWith("raw/source=shop_orders/");
        assertThat(lineage.get("batches").get(0).get("definitionVersion").asText())   // the rules it was counted with
                .matches("[0-9a-f]{12}");
    }

    /** A reading an earlier rule set aside two days before; the rule was fixed, so it counts when sent again. */
    @Test
    @Order(5)
    void aRedrivenBatchIsTracedToTheRowOfItsOriginalEvent() {
        SourceName sensors = new SourceName("sensor_readings");
        Instant setAsideAt = Instant.parse("2026-11-22T08:21:00Z");
        BatchId original = new BatchId(new UUID((setAsideAt.toEpochMilli() << 16) | 0x7000L, 0x8000_0000_0000_0001L));
        RawRecord reading = new RawRecord(new RecordPosition(0), Map.of("sensor_id", "s7", "temperature_f", "50",
                "read_at", Long.toString(Instant.parse("2026-11-22T08:20:30Z").toEpochMilli())));
        ObjectKey quarantined = new ObjectKey(Zone.QUARANTINE, sensors, original, ObjectFormat.NDJSON);
        tributary.context.getBean(LakeStore.class).put(quarantined, new LakeStore.LakeObject(
                tributary.context.getBean(RecordCodec.class).encodeRejected(sensors, original, List.of(
                        new CleaningOutcome.Rejected(new RecordPosition(0), "temperature_f", "above the old maximum",
                                reading))),
                Lineage.received(original, sensors, setAsideAt, 1).rawWritten(setAsideAt)
                        .transformed(setAsideAt, 0, 1).toMetadata()));

        HttpResponse<String> redrive = tributary.send(java.net.http.HttpRequest.newBuilder(
                        tributary.url().resolve("/api/quarantine/redrive"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"object\":\"" + quarantined.path() + "\"}")).build());
        BatchId redriven = BatchId.parse(TestPipeline.json(redrive).get("batchId").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> tributary.appliedRawRecords(redriven).isPresent());
        JsonNode lineage = TestPipeline.json(tributary.get("/api/lineage/sensor_readings/temperature_per_minute_by_sensor"
                + "?bucket=2026-11-22T08:20:00Z&sensor_id=s7"));

        assertThat(redrive.statusCode()).isEqualTo(200);
        assertThat(tributary.rows("sensor_readings", "temperature_per_minute_by_sensor", "?sensor_id=s7"))
                .containsExactly(Map.of("minute", "2026-11-22T08:20:00Z", "sensor_id", "s7", "readings", "1",
                        "highest_c", "10", "lowest_c", "10"));
        assertThat(lineage.get("batches")).hasSize(1);
        assertThat(lineage.get("batches").get(0).get("batchId").asText()).isEqualTo(redriven.toString());
        assertThat(lineage.get("batches").get(0).get("records").asLong()).isEqualTo(1);
    }

    /** The staged zone as any query engine sees it: Hive-partitioned Parquet, read by DuckDB. */
    private List<String> stagedTotalsByDuckDb() throws java.sql.SQLException {
        String glob = data.resolve("lake/staged/source=shop_orders").toAbsolutePath() + "/**/*.parquet";
        List<String> totals = new java.util.ArrayList<>();
        try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement st = duck.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT country, count(*), sum(amount_eur) FROM read_parquet('"
                     + glob + "', hive_partitioning = true) GROUP BY country")) {
            while (rs.next()) {
                totals.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getBigDecimal(3).setScale(2));
            }
        }
        return totals;
    }

    @Test
    void refusedPostsGetProblemDetailsSayingWhatWasWrong() {
        HttpResponse<String> unknown = tributary.send(java.net.http.HttpRequest.newBuilder(
                        tributary.url().resolve("/ingest/no_such_source")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tributary.keyFor("/ingest/shop_orders"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        HttpResponse<String> wrongType = tributary.post("shop_orders", "text/csv", "a,b\n1,2\n");
        HttpResponse<String> malformed = tributary.post("sensor_readings", "application/x-ndjson",
                "{\"sensor_id\":\"s1\"}\n{not json\n");
        HttpResponse<String> tooMany = tributary.post("sensor_readings", "application/x-ndjson",
                "{\"sensor_id\":\"s1\",\"temperature_f\":1,\"read_at\":1795514410000}\n".repeat(51));

        // no key reaches a source that does not exist, so the answer is the key's, not the source's: 403, naming
        // the source the key is for (the likely typo) and not saying which sources exist
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(TestPipeline.json(unknown).get("detail").asText())
                .contains("This key is for source 'shop_orders', not 'no_such_source'");
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(TestPipeline.json(wrongType).get("detail").asText()).contains("application/json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        JsonNode problem = TestPipeline.json(malformed);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).contains("line 2").doesNotContain("not json");
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(TestPipeline.json(tooMany).get("detail").asText()).contains("51 records", "limit is 50");
    }

    private List<String> quarantine() {
        LakeStore lake = tributary.context.getBean(LakeStore.class);
        RecordCodec codec = tributary.context.getBean(RecordCodec.class);
        return lake.list(Zone.QUARANTINE, Optional.empty()).stream()
                .flatMap(key -> codec.decodeRejected(lake.get(key).orElseThrow().bytes()).stream()
                        .map(r -> key.source() + " " + describe(r)))
                .toList();
    }

    private static String describe(CleaningOutcome.Rejected r) {
        return r.describe();
    }
}
