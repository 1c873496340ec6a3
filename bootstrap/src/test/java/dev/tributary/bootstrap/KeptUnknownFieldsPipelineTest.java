package dev.tributary.bootstrap;

import dev.tributary.adapters.formats.catalog.SourceText;
import dev.tributary.adapters.formats.catalog.YamlSourceCatalog;
import dev.tributary.adapters.formats.codec.JacksonRecordCodec;
import dev.tributary.adapters.formats.codec.ParquetStagedCodec;
import dev.tributary.adapters.local.lake.InMemoryLakeStore;
import dev.tributary.adapters.local.store.InMemoryAggregateStore;
import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.usecase.AggregateStagedObjectService;
import dev.tributary.application.usecase.StageTransformedObjectService;
import dev.tributary.application.usecase.TransformRawObjectService;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, {@code unknown_fields: keep}, through transform, stage and aggregate with the real codecs: what a producer
 * sends beyond the declared fields travels as {@code _unknown_fields} (input name to the text sent), readable in the
 * staged Parquet, while everything the declared fields give stays as {@code ignore} writes it; a later version that
 * declares a kept field cleans it from the raw object like any other.
 */
class KeptUnknownFieldsPipelineTest {
    private static final SourceName ORDERS = new SourceName("orders");
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");
    private static final String YAML = """
            name: orders
            format: json
            unknown_fields: keep
            event_time: ordered_at
            fields:
              - {name: order_id, type: string, required: true}
              - {name: country, input: shipping.country, type: string}
              - {name: amount, type: decimal, scale: 2}
              - {name: ordered_at, type: timestamp, required: true}
            aggregations:
              - table: orders_per_hour_by_country
                bucket: hour
                dimensions: [country]
                measures:
                  - {column: orders, function: count, description: Orders}
                  - {column: revenue, function: sum, field: amount, description: Revenue}
            """;
    private static final String JSON = """
            [{"order_id":"A1","shipping":{"country":"DE","zip":"10115"},"amount":"12.50","ordered_at":"2026-03-01T10:15:30Z",
              "coupon":{"code":"X1","pct":10},"tags":["gift","rush"],"note":null},
             {"order_id":"A2","shipping":{"country":"FR"},"amount":3,"ordered_at":"2026-03-01T10:20:00Z"}]
            """;
    private static final String A1 = "{\"_position\":0,\"order_id\":\"A1\",\"country\":\"DE\",\"amount\":\"12.50\","
            + "\"ordered_at\":\"2026-03-01T10:15:30Z\"";
    private static final String A2 = "{\"_position\":1,\"order_id\":\"A2\",\"country\":\"FR\",\"amount\":\"3.00\","
            + "\"ordered_at\":\"2026-03-01T10:20:00Z\"}\n";

    @Test
    void jsonKeepsEachUndeclaredMemberUnderItsInputNameAndChangesNothingDeclared() {
        Pipeline keeping = new Pipeline(YAML);
        Pipeline ignoring = new Pipeline(YAML.replace("unknown_fields: keep", "unknown_fields: ignore"));

        String kept = keeping.transform(keeping.post(InputFormat.JSON, JSON));
        String ignored = ignoring.transform(ignoring.post(InputFormat.JSON, JSON));

        assertThat(kept).isEqualTo(A1 + ",\"_unknown_fields\":{\"shipping.zip\":\"10115\",\"coupon.code\":\"X1\","
                + "\"coupon.pct\":\"10\",\"tags\":\"[\\\"gift\\\",\\\"rush\\\"]\"}}\n" + A2);
        assertThat(ignored).isEqualTo(A1 + "}\n" + A2);
    }

    @Test
    void ndjsonAndCsvKeepTheTextTheProducerSentAndARecordWithoutExtrasCarriesNoMap() {
        Pipeline ndjson = new Pipeline(YAML.replace("format: json", "format: ndjson"));
        Pipeline csv = new Pipeline(YAML.replace("format: json", "format: csv"));

        String fromNdjson = ndjson.transform(ndjson.post(InputFormat.NDJSON, """
                {"order_id":"A1","shipping":{"country":"DE"},"amount":"12.50","ordered_at":"2026-03-01T10:15:30Z","score":4.50}
                {"order_id":"A2","shipping":{"country":"FR"},"amount":"3.00","ordered_at":"2026-03-01T10:20:00Z"}
                """));
        String fromCsv = csv.transform(csv.post(InputFormat.CSV, """
                order_id,shipping.country,amount,ordered_at,channel,note
                A1,DE,12.50,2026-03-01T10:15:30Z,app,"says ""hi"", twice"
                A2,FR,3.00,2026-03-01T10:20:00Z,,
                """));

        assertThat(fromNdjson).isEqualTo(A1 + ",\"_unknown_fields\":{\"score\":\"4.50\"}}\n" + A2);
        assertThat(fromCsv).isEqualTo(A1 + ",\"_unknown_fields\":{\"channel\":\"app\","
                + "\"note\":\"says \\\"hi\\\", twice\"}}\n" + A2);
    }

    @Test
    void quarantineStillSetsAsideTheRecordWithUndeclaredFieldsAndWritesTheOthersAsBefore() {
        Pipeline quarantining = new Pipeline(YAML.replace("unknown_fields: keep", "unknown_fields: quarantine"));
        ObjectKey raw = quarantining.post(InputFormat.JSON, JSON);

        String transformed = quarantining.transform(raw);

        assertThat(transformed).isEqualTo(A2);
        assertThat(quarantining.text(raw.in(Zone.QUARANTINE))).contains("\"position\":0")
                .contains("fields the source does not declare: coupon.code, coupon.pct, shipping.zip, tags")
                .doesNotContain("_unknown_fields");
    }

    @Test
    void theStagedParquetHoldsThemAsAJsonColumnThatDuckDbReadsAndOnlyAKeepSourceHasIt(@TempDir Path dir)
            throws Exception {
        Pipeline keeping = new Pipeline(YAML);
        Pipeline ignoring = new Pipeline(YAML.replace("unknown_fields: keep", "unknown_fields: ignore"));
        Path kept = Files.write(dir.resolve("kept.parquet"), keeping.stage(keeping.post(InputFormat.JSON, JSON)));
        Path ignored = Files.write(dir.resolve("ignored.parquet"), ignoring.stage(ignoring.post(InputFormat.JSON, JSON)));

        List<List<Object>> rows = query("SELECT order_id, json_extract_string(_unknown_fields, '$.\"coupon.code\"'), "
                + "json_extract_string(_unknown_fields, '$.tags') FROM read_parquet('" + kept + "') ORDER BY order_id");
        List<List<Object>> columns = query("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('" + ignored
                + "'))");

        assertThat(rows).containsExactly(List.of("A1", "X1", "[\"gift\",\"rush\"]"), Arrays.asList("A2", null, null));
        assertThat(columns).extracting(c -> c.get(0))
                .containsExactly("_batch_id", "_position", "order_id", "country", "amount", "ordered_at");
    }

    @Test
    void aKeepSourceAggregatesExactlyAsTheSameSourceIgnoringItsUndeclaredFields() {
        Pipeline keeping = new Pipeline(YAML);
        Pipeline ignoring = new Pipeline(YAML.replace("unknown_fields: keep", "unknown_fields: ignore"));

        AggregateTable kept = keeping.aggregate(keeping.post(InputFormat.JSON, JSON));
        AggregateTable ignored = ignoring.aggregate(ignoring.post(InputFormat.JSON, JSON));

        assertThat(kept.rows()).hasSize(2);
        assertThat(kept).isEqualTo(ignored);
    }

    /** Raw keeps everything: the same raw object under a version that declares a kept field cleans it as any field. */
    @Test
    void aFieldKeptWhileUndeclaredIsCleanedAsAFieldOnceALaterVersionDeclaresIt() {
        Pipeline keeping = new Pipeline(YAML);
        ObjectKey raw = keeping.post(InputFormat.JSON, JSON);
        keeping.transform(raw);
        Pipeline declaring = keeping.under(YAML.replace("aggregations:",
                "  - {name: coupon_code, input: coupon.code, type: string, rules: [lowercase]}\naggregations:"));

        String promoted = declaring.transform(raw);
        List<Object> staged = declaring.stagedValues(raw, "coupon_code");

        assertThat(promoted.lines().findFirst().orElseThrow()).isEqualTo(A1 + ",\"coupon_code\":\"x1\","
                + "\"_unknown_fields\":{\"shipping.zip\":\"10115\",\"coupon.pct\":\"10\","
                + "\"tags\":\"[\\\"gift\\\",\\\"rush\\\"]\"}}");
        assertThat(staged).containsExactly("x1", null);
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The stages over one version of the orders source: real codecs, an in-memory lake and aggregate store. */
    private static final class Pipeline {
        private static final Clock CLOCK = Clock.fixed(AT.plusSeconds(60), ZoneOffset.UTC);
        private static final JacksonRecordCodec CODEC = new JacksonRecordCodec();
        private static final ParquetStagedCodec STAGED = new ParquetStagedCodec();

        private final InMemoryLakeStore lake;
        private final YamlSourceCatalog sources;
        private final InMemoryAggregateStore store = new InMemoryAggregateStore();

        Pipeline(String yaml) {
            this(new InMemoryLakeStore(), yaml);
        }

        private Pipeline(InMemoryLakeStore lake, String yaml) {
            this.lake = lake;
            this.sources = new YamlSourceCatalog(List.of(new SourceText("orders.yml", yaml)));
            store.prepare(sources.all());
        }

        /** The same lake under another version of the source. */
        Pipeline under(String yaml) {
            return new Pipeline(lake, yaml);
        }

        ObjectKey post(InputFormat format, String body) {
            ObjectKey raw = ObjectKey.raw(ORDERS, TestBatches.batchIdAt(AT), format);
            lake.put(raw, new LakeStore.LakeObject(body.getBytes(StandardCharsets.UTF_8),
                    Lineage.received(raw.batch(), ORDERS, AT, CODEC.count(format, body.getBytes(StandardCharsets.UTF_8)))
                            .toMetadata()));
            return raw;
        }

        /** The transformed object's text. */
        String transform(ObjectKey raw) {
            new TransformRawObjectService(lake, sources, CODEC, CLOCK).transform(raw);
            return text(raw.in(Zone.TRANSFORMED));
        }

        /** The staged object's Parquet bytes. */
        byte[] stage(ObjectKey raw) {
            transform(raw);
            new StageTransformedObjectService(lake, sources, CODEC, STAGED, CLOCK).stage(raw.in(Zone.TRANSFORMED));
            return lake.get(raw.in(Zone.STAGED)).orElseThrow().bytes();
        }

        /** One field's values in the staged object, read back by the staged codec. */
        List<Object> stagedValues(ObjectKey raw, String field) {
            byte[] parquet = stage(raw);
            return STAGED.read(sources.require(ORDERS), parquet).records().stream()
                    .map(r -> r.get(field)).toList();
        }

        /** The aggregation's rows once the batch is folded. */
        AggregateTable aggregate(ObjectKey raw) {
            stage(raw);
            new AggregateStagedObjectService(lake, sources, STAGED, store, CLOCK).aggregate(raw.in(Zone.STAGED));
            return store.query(sources.require(ORDERS).aggregations().get(0), AggregateQuery.latest(10));
        }

        String text(ObjectKey key) {
            return new String(lake.get(key).orElseThrow().bytes(), StandardCharsets.UTF_8);
        }
    }
}
