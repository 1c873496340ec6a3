package dev.tributary.bootstrap;

import dev.tributary.adapters.formats.catalog.SourceText;
import dev.tributary.adapters.formats.catalog.YamlSourceCatalog;
import dev.tributary.adapters.formats.codec.JacksonRecordCodec;
import dev.tributary.adapters.formats.codec.ParquetStagedCodec;
import dev.tributary.adapters.local.lake.InMemoryLakeStore;
import dev.tributary.adapters.local.store.InMemoryAggregateStore;
import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.usecase.PipelineSteps;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, "a changed type bumps the staged schema version", with the real codecs over one lake: a source's
 * {@code quantity} goes from integer to decimal while its file keeps {@code schema_version: 1}. Each {@link Steps} is
 * a new process (a stager decides its version once), so the lake alone carries the history, as on AWS.
 */
class StagedSchemaVersionPipelineTest {
    private static final SourceName ORDERS = new SourceName("orders");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String V1 = """
            name: orders
            format: json
            event_time: ordered_at
            fields:
              - {name: order_id, type: string, required: true}
              - {name: quantity, type: integer}
              - {name: ordered_at, type: timestamp, required: true}
            aggregations:
              - table: quantity_per_hour
                bucket: hour
                dimensions: []
                measures:
                  - {column: quantity, function: sum, field: quantity, description: Items ordered}
            """;
    private static final String RETYPED = V1.replace("{name: quantity, type: integer}",
            "{name: quantity, type: decimal, scale: 1}");

    private final InMemoryLakeStore lake = new InMemoryLakeStore();
    private int minute;

    @Test
    void aTypeChangedWithoutARaiseIsStagedAsTheNextVersionAndTheAggregatorReadsBoth() {
        ObjectKey before = new Steps(V1).stage("2");
        ObjectKey after = new Steps(RETYPED).stage("1.5");
        ObjectKey again = new Steps(RETYPED).stage("0.5");      // a later process: the same types, the same version

        assertThat(List.of(version(before), version(after), version(again))).containsExactly(1, 2, 2);
        assertThat(footerVersion(after)).isEqualTo(2);

        Steps aggregator = new Steps(RETYPED);
        for (ObjectKey staged : List.of(before, after, again)) {
            aggregator.steps.aggregate().aggregate(staged);
        }
        SourceDefinition source = aggregator.sources.require(ORDERS);
        AggregateTable table = aggregator.store.query(source.aggregations().get(0), AggregateQuery.latest(10));
        int quantity = table.columns().indexOf("quantity");
        assertThat(table.rows()).singleElement().satisfies(row -> assertThat(new BigDecimal(row.get(quantity)
                .toString())).isEqualByComparingTo("4.0"));            // 2 (read from v1's integer) + 1.5 + 0.5
    }

    @Test
    void theLakeNeverGoesBackToAVersionNumberAndARaiseInTheFileIsKept() {
        new Steps(V1).stage("2");
        new Steps(RETYPED).stage("1.5");

        ObjectKey backToInteger = new Steps(V1).stage("3");
        ObjectKey raised = new Steps(RETYPED.replace("format: json", "format: json\nschema_version: 7")).stage("1");

        assertThat(version(backToInteger)).isEqualTo(3);      // integer again: another change of type, not v1
        assertThat(version(raised)).isEqualTo(7);
    }

    private int version(ObjectKey staged) {
        return Lineage.fromMetadata(lake.get(staged).orElseThrow().metadata()).schemaVersion();
    }

    private int footerVersion(ObjectKey staged) {
        return new ParquetStagedCodec().writtenSchema(new Steps(RETYPED).sources.require(ORDERS),
                lake.get(staged).orElseThrow().bytes()).version();
    }

    /** One process's pipeline steps over the shared lake, under one version of the source file. */
    private final class Steps {
        final YamlSourceCatalog sources;
        final InMemoryAggregateStore store = new InMemoryAggregateStore();
        final PipelineSteps steps;

        Steps(String yaml) {
            sources = new YamlSourceCatalog(List.of(new SourceText("orders.yml", yaml)));
            store.prepare(sources.all());
            steps = PipelineSteps.over(lake, sources, new JacksonRecordCodec(), new ParquetStagedCodec(), store, CLOCK);
        }

        /** Posts one order a minute after the last one, transforms and stages it; its staged key. */
        ObjectKey stage(String quantity) {
            Instant at = T0.plusSeconds(60L * minute++);
            byte[] body = ("[{\"order_id\":\"A" + minute + "\",\"quantity\":" + quantity + ",\"ordered_at\":\"" + at
                    + "\"}]").getBytes(StandardCharsets.UTF_8);
            ObjectKey raw = ObjectKey.raw(ORDERS, TestBatches.batchIdAt(at), InputFormat.JSON);
            lake.put(raw, new LakeStore.LakeObject(body, Lineage.received(raw.batch(), ORDERS, at, 1).toMetadata()));
            steps.transform().transform(raw);
            steps.stage().stage(raw.in(Zone.TRANSFORMED));
            return raw.in(Zone.STAGED);
        }
    }
}
