package dev.tributary.application.usecase;

import dev.tributary.application.TestBatches;
import dev.tributary.application.TestSources;
import dev.tributary.application.port.in.TraceAggregateRow;
import dev.tributary.application.port.in.TraceAggregateRow.Contribution;
import dev.tributary.application.port.in.TraceAggregateRow.RowLineage;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.StagedCodec;
import dev.tributary.application.port.out.StagedCodec.StagedContent;
import dev.tributary.application.refusal.UnknownAggregationException;
import dev.tributary.application.refusal.UnknownDimensionException;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.domain.aggregation.AggregateKey;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.Lineage;
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

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class TraceAggregateRowServiceTest {
    private static final SourceName ORDERS = TestBatches.ORDERS;
    private static final String BY_COUNTRY = "orders_per_hour_by_country";
    private static final Instant HOUR = Instant.parse("2026-03-14T15:00:00Z");
    private static final Instant NEXT_HOUR = Instant.parse("2026-03-14T16:00:00Z");
    private static final Instant NEXT_HOUR_WITH_GRACE = Instant.parse("2026-03-14T16:15:00Z");
    private static final int MAX_CANDIDATES = 3;

    private final AppliedBatchLedger ledger = mock(AppliedBatchLedger.class);
    private final FakeLake lake = new FakeLake();
    private final StagedCodec staged = mock(StagedCodec.class);
    /** What each staged object holds; the object's bytes are its batch id. */
    private final Map<String, List<CleanRecord>> stagedRecords = new HashMap<>();
    private final List<AppliedBatch> received = new ArrayList<>();

    TraceAggregateRowServiceTest() {
        when(staged.read(any(), any(), any())).thenAnswer(call -> new StagedContent(
                stagedRecords.get(new String(call.<byte[]>getArgument(1), StandardCharsets.UTF_8)), Map.of()));
        when(ledger.withEventsBetween(eq(ORDERS), eq(HOUR), eq(NEXT_HOUR), eq(NEXT_HOUR_WITH_GRACE), anyInt()))
                .thenAnswer(call -> received.stream().limit(call.<Integer>getArgument(4)).toList());
    }

    private TraceAggregateRowService service(SourceDefinition... sources) {
        return new TraceAggregateRowService(CatalogOf.sources(sources), ledger, lake, staged, MAX_CANDIDATES);
    }

    private TraceAggregateRowService service() {
        return service(TestSources.orders(), TestSources.clicks());
    }

    /** A batch received at {@code receivedAt}, applied, with its staged object in the lake holding {@code records}. */
    private AppliedBatch applied(Instant receivedAt, CleanRecord... records) {
        AppliedBatch entry = appliedButNotInTheLake(receivedAt);
        ObjectKey stagedKey = ObjectKey.parse(entry.stagedObject());
        lake.put(stagedKey, new LakeStore.LakeObject(stagedKey.batch().toString().getBytes(StandardCharsets.UTF_8),
                entry.lineage().toMetadata()));
        stagedRecords.put(stagedKey.batch().toString(), List.of(records));
        return entry;
    }

    private AppliedBatch appliedButNotInTheLake(Instant receivedAt) {
        BatchId batch = TestBatches.batchIdAt(receivedAt);
        ObjectKey raw = ObjectKey.raw(ORDERS, batch, InputFormat.NDJSON);
        AppliedBatch entry = new AppliedBatch(Lineage.received(batch, ORDERS, receivedAt, 3), raw.path(), raw.in(Zone.STAGED).path(),
                receivedAt.plusSeconds(5));
        received.add(entry);
        return entry;
    }

    private static CleanRecord order(String country, String orderedAt) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("order_id", "o-" + country + orderedAt);
        if (country != null) {
            values.put("country", country);
        }
        values.put("amount", new BigDecimal("12.50"));
        values.put("ordered_at", Instant.parse(orderedAt));
        return new CleanRecord(new RecordPosition(0), Instant.parse(orderedAt), values);
    }

    @Test
    void lineageListsOnlyBatchesWhoseRecordsFallInTheRow() {
        AppliedBatch germanAndFrench = applied(HOUR.plusSeconds(600), order("DE", "2026-03-14T15:05:00Z"),
                order("DE", "2026-03-14T15:59:59Z"), order("FR", "2026-03-14T15:06:00Z"));
        applied(HOUR.plusSeconds(700), order("FR", "2026-03-14T15:07:00Z"));
        applied(HOUR.plusSeconds(800), order("DE", "2026-03-14T14:59:59Z"), order("DE", "2026-03-14T16:00:00Z"));

        RowLineage lineage = service().trace(ORDERS, BY_COUNTRY, HOUR, Map.of("country", "DE"));

        assertThat(lineage.contributions()).containsExactly(new Contribution(germanAndFrench, 2));
        assertThat(lineage.examined()).isEqualTo(3);
        assertThat(lineage.complete()).isTrue();
    }

    @Test
    void candidatesAreTheBatchesWithEventsInTheBucketOrWithoutEventTimesReceivedUntilTheGraceAfterItsEnd() {
        AppliedBatch late = applied(NEXT_HOUR_WITH_GRACE.minusSeconds(1), order("DE", "2026-03-14T15:30:00Z"));

        RowLineage lineage = service().trace(ORDERS, BY_COUNTRY, HOUR, Map.of("country", "DE"));

        assertThat(TraceAggregateRow.GRACE).hasMinutes(15);
        assertThat(lineage.contributions()).containsExactly(new Contribution(late, 1));
    }

    @Test
    void aBatchReceivedHoursAfterItsEventsIsConfirmedByItsRecordsNotItsReceiveTime() {
        AppliedBatch hoursLate = applied(HOUR.plus(java.time.Duration.ofHours(7)), order("DE", "2026-03-14T15:40:00Z"),
                order("DE", "2026-03-14T22:00:00Z"));

        RowLineage lineage = service().trace(ORDERS, BY_COUNTRY, HOUR, Map.of("country", "DE"));

        assertThat(lineage.contributions()).containsExactly(new Contribution(hoursLate, 1));
    }

    @Test
    void anInstantInsideTheBucketTracesTheWholeBucket() {
        AppliedBatch entry = applied(HOUR.plusSeconds(60), order("DE", "2026-03-14T15:01:00Z"),
                order("DE", "2026-03-14T15:50:00Z"));

        RowLineage lineage = service().trace(ORDERS, BY_COUNTRY, TestBatches.AT, Map.of("country", "DE"));

        assertThat(TestBatches.AT).isBetween(HOUR, HOUR.plusSeconds(3600));
        assertThat(lineage.contributions()).containsExactly(new Contribution(entry, 2));
    }

    @Test
    void aDimensionNotGivenMatchesEveryValueOfIt() {
        AppliedBatch mixed = applied(HOUR.plusSeconds(60), order("DE", "2026-03-14T15:01:00Z"),
                order("FR", "2026-03-14T15:02:00Z"), order("IT", "2026-03-14T13:00:00Z"));
        AppliedBatch french = applied(HOUR.plusSeconds(120), order("FR", "2026-03-14T15:03:00Z"));

        RowLineage lineage = service().trace(ORDERS, BY_COUNTRY, HOUR, Map.of());

        assertThat(lineage.contributions())
                .containsExactly(new Contribution(mixed, 2), new Contribution(french, 1));
    }

    @Test
    void recordsWithoutADimensionValueAreTracedUnderNone() {
        AppliedBatch entry = applied(HOUR.plusSeconds(60), order(null, "2026-03-14T15:01:00Z"),
                order("DE", "2026-03-14T15:02:00Z"));

        RowLineage lineage = service().trace(ORDERS, BY_COUNTRY, HOUR, Map.of("country", AggregateKey.NONE));

        assertThat(lineage.contributions()).containsExactly(new Contribution(entry, 1));
    }

    @Test
    void dimensionsAreNamedByTheirTableColumnNotTheirField() {
        SourceDefinition source = new SourceDefinition(ORDERS, "Orders", "", InputFormat.NDJSON,
                List.of(FieldSpec.of("country", FieldType.STRING, false),
                        FieldSpec.of("ordered_at", FieldType.TIMESTAMP, true)), "ordered_at", List.of(), 1,
                List.of(new AggregationSpec("orders_by_market", "Orders by market", Bucket.HOUR,
                        List.of(new Dimension("country", "market")),
                        List.of(new Measure("orders", MeasureFunction.COUNT, null, "orders")))));
        AppliedBatch entry = applied(HOUR.plusSeconds(60), order("DE", "2026-03-14T15:01:00Z"),
                order("FR", "2026-03-14T15:02:00Z"));

        RowLineage lineage = service(source).trace(ORDERS, "orders_by_market", HOUR, Map.of("market", "FR"));

        assertThat(lineage.contributions()).containsExactly(new Contribution(entry, 1));
    }

    @Test
    void moreCandidatesThanTheLimitMakeTheLineageIncompleteAndTheRestUnread() {
        for (int i = 0; i < MAX_CANDIDATES + 2; i++) {
            applied(HOUR.plusSeconds(60L * i), order("DE", "2026-03-14T15:01:00Z"));
        }

        RowLineage lineage = service().trace(ORDERS, BY_COUNTRY, HOUR, Map.of("country", "DE"));

        assertThat(lineage.examined()).isEqualTo(MAX_CANDIDATES);
        assertThat(lineage.complete()).isFalse();
        assertThat(lineage.contributions()).extracting(Contribution::batch)
                .containsExactlyElementsOf(received.subList(0, MAX_CANDIDATES));
        assertThat(lake.reads()).hasSize(MAX_CANDIDATES);
    }

    @Test
    void exactlyAsManyCandidatesAsTheLimitIsComplete() {
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            applied(HOUR.plusSeconds(60L * i), order("DE", "2026-03-14T15:01:00Z"));
        }

        RowLineage lineage = service().trace(ORDERS, BY_COUNTRY, HOUR, Map.of("country", "DE"));

        assertThat(lineage.examined()).isEqualTo(MAX_CANDIDATES);
        assertThat(lineage.complete()).isTrue();
        assertThat(lineage.contributions()).hasSize(MAX_CANDIDATES);
    }

    @Test
    void aStagedObjectMissingFromTheLakeIsExaminedButNamesNoContribution() {
        appliedButNotInTheLake(HOUR.plusSeconds(60));
        AppliedBatch present = applied(HOUR.plusSeconds(120), order("DE", "2026-03-14T15:01:00Z"));

        RowLineage lineage = service().trace(ORDERS, BY_COUNTRY, HOUR, Map.of("country", "DE"));

        assertThat(lineage.contributions()).containsExactly(new Contribution(present, 1));
        assertThat(lineage.examined()).isEqualTo(2);
    }

    @Test
    void anEmptyLakeHasAnEmptyCompleteLineage() {
        RowLineage lineage = service().trace(ORDERS, BY_COUNTRY, HOUR, Map.of("country", "DE"));

        assertThat(lineage.contributions()).isEmpty();
        assertThat(lineage.examined()).isZero();
        assertThat(lineage.complete()).isTrue();
    }

    @Test
    void unknownSourceIsRefusedWithUnknownSourceException() {
        assertThatThrownBy(() -> service().trace(new SourceName("invoices"), BY_COUNTRY, HOUR, Map.of()))
                .isInstanceOf(UnknownSourceException.class);
        verifyNoInteractions(ledger);
    }

    @Test
    void anAggregationTheSourceDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> service().trace(ORDERS, "clicks_per_minute_by_page", HOUR, Map.of()))
                .isInstanceOf(UnknownAggregationException.class)
                .hasMessage("source 'orders' has no aggregation 'clicks_per_minute_by_page'");
        verifyNoInteractions(ledger);
    }

    @Test
    void aDimensionTheAggregationDoesNotHaveIsRefusedRatherThanIgnored() {
        applied(HOUR.plusSeconds(60), order("FR", "2026-03-14T15:01:00Z"));

        assertThatThrownBy(() -> service().trace(ORDERS, BY_COUNTRY, HOUR, Map.of("contry", "DE")))
                .isInstanceOf(UnknownDimensionException.class)
                .hasMessage("aggregation 'orders_per_hour_by_country' has no dimension 'contry'; its dimensions are country");
        verifyNoInteractions(ledger);
    }
}
