package dev.tributary.application.usecase;

import dev.tributary.application.TestBatches;
import dev.tributary.application.TestSources;
import dev.tributary.application.port.in.BrowseQuarantine.QuarantinePage;
import dev.tributary.application.port.in.BrowseQuarantine.QuarantinedBatch;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.refusal.InvalidCursorException;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectFormat;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.rules.CleaningOutcome.Rejected;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class BrowseQuarantineServiceTest {
    private static final SourceName ORDERS = TestBatches.ORDERS;
    private static final SourceName CLICKS = new SourceName("clicks");
    private static final Instant NINE = Instant.parse("2026-03-14T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-03-14T10:00:00Z");
    private static final Instant ELEVEN = Instant.parse("2026-03-14T11:00:00Z");

    private final FakeLake lake = new FakeLake();
    private final RecordCodec codec = mock(RecordCodec.class);
    /** What the codec decodes each quarantine object to; the object's bytes are its batch id. */
    private final Map<String, List<Rejected>> entries = new HashMap<>();
    private final BrowseQuarantineService service =
            new BrowseQuarantineService(lake, CatalogOf.sources(TestSources.orders(), TestSources.clicks()), codec);

    BrowseQuarantineServiceTest() {
        when(codec.decodeRejected(any())).thenAnswer(call ->
                entries.get(new String(call.<byte[]>getArgument(0), StandardCharsets.UTF_8)));
    }

    private ObjectKey quarantined(SourceName source, Instant receivedAt, Rejected... rejected) {
        BatchId batch = TestBatches.batchIdAt(receivedAt);
        ObjectKey key = new ObjectKey(Zone.QUARANTINE, source, batch, ObjectFormat.NDJSON);
        Lineage lineage = Lineage.received(batch, source, receivedAt, 10).rawWritten(receivedAt.plusSeconds(1))
                .transformed(receivedAt.plusSeconds(2), 10 - rejected.length, rejected.length);
        lake.put(key, new LakeStore.LakeObject(batch.toString().getBytes(StandardCharsets.UTF_8), lineage.toMetadata()));
        entries.put(batch.toString(), List.of(rejected));
        return key;
    }

    /** The first page, without a cursor. */
    private List<QuarantinedBatch> browse(Optional<SourceName> source, int limit) {
        return service.browse(source, limit, Optional.empty()).batches();
    }

    private static Rejected rejected(int index, String field, String reason) {
        return new Rejected(new RecordPosition(index), field, reason,
                new RawRecord(new RecordPosition(index), Map.of("order_id", "o-" + index)));
    }

    @Test
    void quarantineIsListedNewestFirstWithReasons() {
        Rejected negative = rejected(3, "amount", "below minimum 0");
        Rejected duplicate = rejected(5, null, "duplicate of record 1");
        ObjectKey oldest = quarantined(ORDERS, NINE, negative);
        ObjectKey newest = quarantined(ORDERS, ELEVEN, negative, duplicate);
        ObjectKey middle = quarantined(CLICKS, TEN, rejected(0, "page", "missing"));

        List<QuarantinedBatch> listed = browse(Optional.empty(), 10);

        assertThat(listed).extracting(QuarantinedBatch::object).containsExactly(newest, middle, oldest);
        assertThat(listed.get(0).records()).containsExactly(negative, duplicate);
        assertThat(listed.get(0).records()).extracting(Rejected::describe)
                .containsExactly("record 4, field amount: below minimum 0", "record 6: duplicate of record 1");
    }

    @Test
    void eachBatchCarriesTheLineageWrittenWithItsQuarantineObject() {
        ObjectKey key = quarantined(CLICKS, TEN, rejected(0, "page", "missing"));

        QuarantinedBatch listed = browse(Optional.empty(), 10).get(0);

        assertThat(listed.lineage().batch()).isEqualTo(key.batch());
        assertThat(listed.lineage().source()).isEqualTo(CLICKS);
        assertThat(listed.lineage().receivedAt()).isEqualTo(TEN);
        assertThat(listed.lineage().rejectedRecords()).isEqualTo(1);
    }

    @Test
    void onlyTheNewestUpToTheLimitAreListedAndOlderOnesAreNotRead() {
        ObjectKey oldest = quarantined(ORDERS, NINE, rejected(0, "amount", "not a number"));
        ObjectKey middle = quarantined(ORDERS, TEN, rejected(0, "amount", "not a number"));
        ObjectKey newest = quarantined(ORDERS, ELEVEN, rejected(0, "amount", "not a number"));

        List<QuarantinedBatch> listed = browse(Optional.empty(), 2);

        assertThat(listed).extracting(QuarantinedBatch::object).containsExactly(newest, middle);
        assertThat(lake.reads()).doesNotContain(oldest);
    }

    @Test
    void pagesFollowEachOtherNewestFirstAcrossSourcesWithoutGapsOrRepeats() {
        ObjectKey a = quarantined(ORDERS, NINE, rejected(0, "amount", "not a number"));
        ObjectKey b = quarantined(CLICKS, NINE.plusSeconds(60), rejected(0, "page", "missing"));
        ObjectKey c = quarantined(ORDERS, TEN, rejected(0, "amount", "not a number"));
        ObjectKey d = quarantined(CLICKS, TEN.plusSeconds(60), rejected(0, "page", "missing"));
        ObjectKey e = quarantined(ORDERS, ELEVEN, rejected(0, "amount", "not a number"));

        QuarantinePage first = service.browse(Optional.empty(), 2, Optional.empty());
        QuarantinePage second = service.browse(Optional.empty(), 2, first.next());
        QuarantinePage third = service.browse(Optional.empty(), 2, second.next());

        assertThat(first.batches()).extracting(QuarantinedBatch::object).containsExactly(e, d);
        assertThat(second.batches()).extracting(QuarantinedBatch::object).containsExactly(c, b);
        assertThat(third.batches()).extracting(QuarantinedBatch::object).containsExactly(a);
        assertThat(first.next()).contains(d.batch().toString());
        assertThat(third.next()).isEmpty();
    }

    @Test
    void aPageThatTakesTheLastBatchHasNoNext() {
        quarantined(ORDERS, NINE, rejected(0, "amount", "not a number"));
        quarantined(CLICKS, TEN, rejected(0, "page", "missing"));

        QuarantinePage page = service.browse(Optional.empty(), 2, Optional.empty());

        assertThat(page.batches()).hasSize(2);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void aCursorAlsoPagesThroughOneSource() {
        ObjectKey older = quarantined(ORDERS, NINE, rejected(0, "amount", "not a number"));
        ObjectKey clicks = quarantined(CLICKS, TEN, rejected(0, "page", "missing"));
        quarantined(ORDERS, ELEVEN, rejected(0, "amount", "not a number"));

        QuarantinePage page = service.browse(Optional.of(ORDERS), 5, Optional.of(clicks.batch().toString()));

        assertThat(page.batches()).extracting(QuarantinedBatch::object).containsExactly(older);
        assertThat(lake.listings()).containsExactly(ORDERS);
    }

    @Test
    void everySourceIsListedOnlyForItsNewestPageAndOnlyThePageIsRead() {
        quarantined(ORDERS, NINE, rejected(0, "amount", "not a number"));
        ObjectKey newest = quarantined(CLICKS, TEN, rejected(0, "page", "missing"));

        QuarantinePage page = service.browse(Optional.empty(), 1, Optional.empty());

        assertThat(page.batches()).extracting(QuarantinedBatch::object).containsExactly(newest);
        assertThat(lake.listings()).containsExactlyInAnyOrder(ORDERS, CLICKS);
        assertThat(lake.reads()).containsExactly(newest);
    }

    @Test
    void aCursorNoPageGaveOutIsRefusedBeforeTheLakeIsRead() {
        quarantined(ORDERS, NINE, rejected(0, "amount", "not a number"));

        assertThatThrownBy(() -> service.browse(Optional.empty(), 10, Optional.of("../etc/passwd")))
                .isInstanceOf(InvalidCursorException.class).hasMessageNotContaining("passwd");
        assertThat(lake.listings()).isEmpty();
        assertThat(lake.reads()).isEmpty();
    }

    @Test
    void aSourceFilterListsOnlyThatSourcesQuarantine() {
        ObjectKey orders = quarantined(ORDERS, NINE, rejected(0, "amount", "not a number"));
        quarantined(CLICKS, TEN, rejected(0, "page", "missing"));

        List<QuarantinedBatch> listed = browse(Optional.of(ORDERS), 10);

        assertThat(listed).extracting(QuarantinedBatch::object).containsExactly(orders);
    }

    @Test
    void objectsOutsideTheQuarantineZoneAreNotListed() {
        ObjectKey key = quarantined(ORDERS, NINE, rejected(0, "amount", "not a number"));
        lake.put(key.in(Zone.TRANSFORMED), lake.get(key).orElseThrow());

        List<QuarantinedBatch> listed = browse(Optional.empty(), 10);

        assertThat(listed).extracting(QuarantinedBatch::object).containsExactly(key);
    }

    @Test
    void anEmptyLakeHasAnEmptyQuarantine() {
        List<QuarantinedBatch> listed = browse(Optional.empty(), 10);

        assertThat(listed).isEmpty();
    }

    @Test
    void aKnownSourceWithoutQuarantineListsNothing() {
        quarantined(ORDERS, NINE, rejected(0, "amount", "not a number"));

        List<QuarantinedBatch> listed = browse(Optional.of(CLICKS), 10);

        assertThat(listed).isEmpty();
    }

    @Test
    void unknownSourceIsRefusedWithUnknownSourceException() {
        quarantined(ORDERS, NINE, rejected(0, "amount", "not a number"));

        assertThatThrownBy(() -> service.browse(Optional.of(new SourceName("invoices")), 10, Optional.empty()))
                .isInstanceOf(UnknownSourceException.class)
                .extracting(e -> ((UnknownSourceException) e).source()).isEqualTo("invoices");
        assertThat(lake.reads()).isEmpty();
    }
}
