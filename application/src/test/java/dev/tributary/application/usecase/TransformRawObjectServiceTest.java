package dev.tributary.application.usecase;

import dev.tributary.application.port.in.TransformRawObject.TransformReport;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.rules.CleaningOutcome.Rejected;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import dev.tributary.domain.source.UnknownFieldPolicy;
import dev.tributary.domain.rules.StagedSchema;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class TransformRawObjectServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final SourceName CLICKS = new SourceName("clicks");
    private static final BatchId BATCH = new BatchId(UUID.fromString("019ab5f2-7d3e-7cc3-8a3b-6f2d2c1e0f11"));
    private static final ObjectKey RAW = ObjectKey.raw(CLICKS, BATCH, InputFormat.NDJSON);
    private static final SourceDefinition SOURCE = new SourceDefinition(CLICKS, "Clicks", "", InputFormat.NDJSON, List.of(
            FieldSpec.of("page", FieldType.STRING, true).withInput("page.path"),
            FieldSpec.of("at", FieldType.TIMESTAMP, true)), "at", List.of(), 1, List.of());
    private static final byte[] BODY = "posted".getBytes();

    private final LakeStore lake = mock(LakeStore.class);
    private final RecordCodec codec = mock(RecordCodec.class);
    private final TransformRawObjectService service = new TransformRawObjectService(lake, CatalogOf.sources(SOURCE),
            codec, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void cleansOnlyTheInputsTheSourceReadsButQuarantinesWholeRecords() {
        when(lake.get(RAW)).thenReturn(Optional.of(new LakeStore.LakeObject(BODY,
                Lineage.received(BATCH, CLICKS, NOW, 2).toMetadata())));
        when(codec.decodeCounting(InputFormat.NDJSON, BODY, Set.of("page.path", "at"))).thenReturn(
                new RecordCodec.Decoded(List.of(
                raw(0, Map.of("page.path", "/home", "at", "2026-11-24T10:00:00Z")),
                raw(1, Map.of("at", "2026-11-24T10:00:01Z"))), Map.of()));
        RawRecord whole = raw(1, Map.of("at", "2026-11-24T10:00:01Z", "agent", "Mozilla", "page.title", "Home"));
        when(codec.decode(InputFormat.NDJSON, BODY)).thenReturn(List.of(
                raw(0, Map.of("page.path", "/home", "at", "2026-11-24T10:00:00Z", "agent", "Mozilla")), whole));
        when(codec.encodeClean(anyList())).thenReturn(new byte[0]);
        when(codec.encodeRejected(any(), any(), anyList())).thenReturn(new byte[0]);

        TransformReport report = service.transform(RAW);

        assertThat(report.clean()).isEqualTo(1);
        assertThat(report.rejected()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<Rejected>> rejected = ArgumentCaptor.forClass(List.class);
        verify(codec).encodeRejected(eq(CLICKS), eq(BATCH), rejected.capture());
        assertThat(rejected.getValue()).containsExactly(
                new Rejected(new RecordPosition(1), "page", "required field is missing", whole));
    }

    @Test
    void decodesTheWholeRecordsOnlyWhenSomethingIsRejected() {
        oneCleanRecord();

        assertThat(service.transform(RAW).clean()).isEqualTo(1);

        verify(codec, never()).decode(InputFormat.NDJSON, BODY);
    }

    /** A replay under rules that reject nothing of the batch removes the entry the old rules left in quarantine. */
    @Test
    void transformedAgainWithoutRejectsTheBatchLeavesNoOldQuarantineEntry() {
        oneCleanRecord();

        assertThat(service.transformAgain(RAW, TransformRawObjectService.Writes.CHANGED).report().rejected()).isZero();
        service.transform(RAW);

        verify(lake, times(1)).delete(RAW.in(Zone.QUARANTINE));   // the first transform of a batch never deletes
    }

    /** A replay whose rules give the same objects writes nothing; a dry run never writes. */
    @Test
    void transformedAgainToTheSameBytesOrInADryRunWritesNothing() {
        byte[] same = "same".getBytes();
        when(lake.get(RAW)).thenReturn(Optional.of(new LakeStore.LakeObject(BODY,
                Lineage.received(BATCH, CLICKS, NOW, 1).toMetadata())));
        when(lake.get(RAW.in(Zone.TRANSFORMED))).thenReturn(Optional.of(new LakeStore.LakeObject(same,
                Lineage.received(BATCH, CLICKS, NOW, 1).transformed(NOW, 1, 0).toMetadata())));
        when(codec.decodeCounting(InputFormat.NDJSON, BODY, Set.of("page.path", "at"))).thenReturn(
                new RecordCodec.Decoded(List.of(
                raw(0, Map.of("page.path", "/home", "at", "2026-11-24T10:00:00Z"))), Map.of()));
        when(codec.encodeClean(anyList())).thenReturn(same);

        assertThat(service.transformAgain(RAW, TransformRawObjectService.Writes.CHANGED).written()).isFalse();
        assertThat(service.transformAgain(RAW, TransformRawObjectService.Writes.NONE).written()).isFalse();

        verify(lake, never()).put(any(), any());
        verify(lake, never()).delete(any());
    }

    /** Issue 14: undeclared fields are counted into the lineage; with {@code quarantine} their records are set aside. */
    @Test
    void undeclaredFieldsAreCountedAndUnderTheQuarantinePolicyTheirRecordsSetAside() {
        SourceDefinition strict = new SourceDefinition(CLICKS, "Clicks", "", InputFormat.NDJSON, SOURCE.fields(), "at",
                List.of(), 1, List.of(), UnknownFieldPolicy.QUARANTINE);
        TransformRawObjectService service = new TransformRawObjectService(lake, CatalogOf.sources(strict), codec,
                Clock.fixed(NOW, ZoneOffset.UTC));
        when(lake.get(RAW)).thenReturn(Optional.of(new LakeStore.LakeObject(BODY,
                Lineage.received(BATCH, CLICKS, NOW, 2).toMetadata())));
        RawRecord extra = raw(1, Map.of("page.path", "/b", "at", "2026-11-24T10:00:01Z", "coupon", "X", "utm.id", "7"));
        when(codec.decode(InputFormat.NDJSON, BODY)).thenReturn(List.of(
                raw(0, Map.of("page.path", "/a", "at", "2026-11-24T10:00:00Z")), extra));
        when(codec.encodeClean(anyList())).thenReturn(new byte[0]);
        when(codec.encodeRejected(any(), any(), anyList())).thenReturn(new byte[0]);

        TransformRawObjectService.Transformed t = service.transformKeeping(RAW);

        assertThat(t.report().clean()).isOne();
        assertThat(t.lineage().unknownFields().records()).containsExactlyInAnyOrderEntriesOf(
                Map.of("coupon", 1, "utm.id", 1));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<Rejected>> rejected = ArgumentCaptor.forClass(List.class);
        verify(codec).encodeRejected(eq(CLICKS), eq(BATCH), rejected.capture());
        assertThat(rejected.getValue()).singleElement().satisfies(r -> assertThat(r.reason())
                .isEqualTo("fields the source does not declare: coupon, utm.id (unknown_fields: quarantine)"));
    }

    /** Issue 14: under {@code keep} a clean record carries its undeclared fields as they were sent; others none. */
    @Test
    void underTheKeepPolicyCleanRecordsCarryTheirUndeclaredFieldsAndAreCountedAsEver() {
        SourceDefinition keeping = new SourceDefinition(CLICKS, "Clicks", "", InputFormat.NDJSON, SOURCE.fields(),
                "at", List.of(), 1, List.of(), UnknownFieldPolicy.KEEP);
        TransformRawObjectService service = new TransformRawObjectService(lake, CatalogOf.sources(keeping), codec,
                Clock.fixed(NOW, ZoneOffset.UTC));
        when(lake.get(RAW)).thenReturn(Optional.of(new LakeStore.LakeObject(BODY,
                Lineage.received(BATCH, CLICKS, NOW, 2).toMetadata())));
        when(codec.decode(InputFormat.NDJSON, BODY)).thenReturn(List.of(
                raw(0, Map.of("page.path", "/a", "at", "2026-11-24T10:00:00Z")),
                raw(1, Map.of("page.path", "/b", "at", "2026-11-24T10:00:01Z", "coupon", "X", "utm.id", "7"))));
        when(codec.encodeClean(anyList())).thenReturn(new byte[0]);

        TransformRawObjectService.Transformed t = service.transformKeeping(RAW);

        assertThat(t.report().clean()).isEqualTo(2);
        assertThat(t.report().rejected()).isZero();
        assertThat(t.clean().get(0).values()).doesNotContainKey(StagedSchema.UNKNOWN_FIELDS_COLUMN);
        assertThat(t.clean().get(1).get(StagedSchema.UNKNOWN_FIELDS_COLUMN))
                .isEqualTo(Map.of("coupon", "X", "utm.id", "7"));
        assertThat(t.clean().get(1).get("page")).isEqualTo("/b");
        assertThat(t.lineage().unknownFields().records()).containsExactlyInAnyOrderEntriesOf(
                Map.of("coupon", 1, "utm.id", 1));
    }

    /** The raw object holds one record that cleans, read as the projecting reader reads it. */
    private void oneCleanRecord() {
        when(lake.get(RAW)).thenReturn(Optional.of(new LakeStore.LakeObject(BODY,
                Lineage.received(BATCH, CLICKS, NOW, 1).toMetadata())));
        when(codec.decodeCounting(InputFormat.NDJSON, BODY, Set.of("page.path", "at"))).thenReturn(
                new RecordCodec.Decoded(List.of(raw(0, Map.of("page.path", "/home", "at", "2026-11-24T10:00:00Z"))),
                        Map.of()));
        when(codec.encodeClean(anyList())).thenReturn(new byte[0]);
    }

    private static RawRecord raw(int index, Map<String, String> values) {
        return new RawRecord(new RecordPosition(index), values);
    }
}
