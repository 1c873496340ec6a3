package dev.tributary.application.usecase;

import dev.tributary.application.port.in.StageTransformedObject.StageReport;
import dev.tributary.application.port.out.LakeStore.LakeObject;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.StagedCodec;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectFormat;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class StageTransformedObjectServiceTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-24T11:59:00Z");
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final SourceName CLICKS = new SourceName("clicks");
    private static final BatchId BATCH = new BatchId(UUID.fromString("019ab5f2-7d3e-7cc3-8a3b-6f2d2c1e0f11"));
    private static final ObjectKey TRANSFORMED = new ObjectKey(Zone.TRANSFORMED, CLICKS, BATCH, ObjectFormat.NDJSON);
    private static final SourceDefinition SOURCE = new SourceDefinition(CLICKS, "Clicks", "", InputFormat.NDJSON, List.of(
            FieldSpec.of("page", FieldType.STRING, true),
            FieldSpec.of("at", FieldType.TIMESTAMP, true)), "at", List.of(), 3, List.of());
    private static final byte[] NDJSON = "cleaned".getBytes();
    private static final byte[] PARQUET = "parquet".getBytes();

    private final FakeLake lake = new FakeLake();
    private final RecordCodec codec = mock(RecordCodec.class);
    private final StagedCodec staged = mock(StagedCodec.class);
    private final StageTransformedObjectService service = new StageTransformedObjectService(lake,
            CatalogOf.sources(SOURCE), codec, staged, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void writesTheRecordsAsParquetUnderTheSameBatchIdInTheStagedZone() {
        List<CleanRecord> records = List.of(
                new CleanRecord(new RecordPosition(0), RECEIVED, Map.of("page", "/home")),
                new CleanRecord(new RecordPosition(1), RECEIVED, Map.of("page", "/cart")));
        lake.put(TRANSFORMED, new LakeObject(NDJSON, transformedLineage().toMetadata()));
        when(codec.decodeClean(SOURCE, NDJSON)).thenReturn(records);
        when(staged.write(eq(SOURCE), eq(BATCH), eq(records), any())).thenReturn(PARQUET);

        StageReport report = service.stage(TRANSFORMED);

        ObjectKey stagedKey = TRANSFORMED.in(Zone.STAGED);
        assertThat(report).isEqualTo(new StageReport(stagedKey, 2, 3));
        assertThat(lake.get(stagedKey)).map(LakeObject::bytes).hasValue(PARQUET);
    }

    @SuppressWarnings("unchecked")
    @Test
    void carriesTheLineageOnWithTheStagingTimeAndSchemaVersion() {
        lake.put(TRANSFORMED, new LakeObject(NDJSON, transformedLineage().toMetadata()));
        when(codec.decodeClean(SOURCE, NDJSON)).thenReturn(List.of());
        when(staged.write(any(), any(), any(), any())).thenReturn(PARQUET);

        service.stage(TRANSFORMED);

        ArgumentCaptor<Map<String, String>> parquetMetadata = ArgumentCaptor.forClass(Map.class);
        verify(staged).write(eq(SOURCE), eq(BATCH), eq(List.of()), parquetMetadata.capture());
        Lineage objectLineage = Lineage.fromMetadata(lake.get(TRANSFORMED.in(Zone.STAGED)).orElseThrow().metadata());
        assertThat(objectLineage).isEqualTo(transformedLineage().staged(NOW, 3));
        assertThat(Lineage.fromMetadata(parquetMetadata.getValue())).isEqualTo(objectLineage);
    }

    /**
     * The lake's newest staged object (another, older batch here) says which version the records were last staged
     * with and whether a field changed type since: then the next version, unless the definition declares a higher one.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "lake at v{0}, retyped {1}, declared v3: staged as v{2}")
    @org.junit.jupiter.params.provider.CsvSource({
            "3, '',   3",      // same types as the newest object: its version
            "3, page, 4",      // page changed type without a raise: the next version
            "5, '',   5",      // the lake moved on past the declared version: it never goes back
            "5, page, 6",
            "1, page, 3",      // the definition raised the version past the lake already
    })
    void aTypeChangedSinceTheLakesNewestStagedObjectIsStagedUnderTheNextVersion(int written, String retyped,
                                                                               int expected) {
        ObjectKey earlier = new ObjectKey(Zone.STAGED, CLICKS,
                new BatchId(UUID.fromString("019ab5f2-0000-7cc3-8a3b-6f2d2c1e0f11")), ObjectFormat.PARQUET);
        byte[] earlierParquet = "earlier parquet".getBytes();
        lake.put(earlier, new LakeObject(earlierParquet, Map.of()));
        lake.put(TRANSFORMED, new LakeObject(NDJSON, transformedLineage().toMetadata()));
        when(staged.writtenSchema(SOURCE, earlierParquet)).thenReturn(new StagedCodec.WrittenSchema(written,
                retyped.isEmpty() ? List.of() : List.of(retyped)));
        when(codec.decodeClean(SOURCE, NDJSON)).thenReturn(List.of());
        when(staged.write(any(), any(), any(), any())).thenReturn(PARQUET);

        StageReport report = service.stage(TRANSFORMED);
        service.stage(TRANSFORMED);                     // decided once: the lake is read for it once

        assertThat(report.schemaVersion()).isEqualTo(expected);
        verify(staged, org.mockito.Mockito.times(2)).write(eq(SOURCE.withSchemaVersion(expected)), eq(BATCH),
                eq(List.of()), any());
        verify(staged).writtenSchema(SOURCE, earlierParquet);
        assertThat(Lineage.fromMetadata(lake.get(TRANSFORMED.in(Zone.STAGED)).orElseThrow().metadata())
                .schemaVersion()).isEqualTo(expected);
    }

    @Test
    void refusesATransformedObjectThatIsNotInTheLake() {
        assertThatThrownBy(() -> service.stage(TRANSFORMED)).hasMessageContaining(TRANSFORMED.path());
    }

    private static Lineage transformedLineage() {
        return Lineage.received(BATCH, CLICKS, RECEIVED, 2).rawWritten(RECEIVED.plusSeconds(1))
                .transformed(RECEIVED.plusSeconds(2), 2, 0);
    }
}
