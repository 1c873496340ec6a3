package dev.tributary.application.usecase;

import dev.tributary.application.TestSources;
import dev.tributary.application.port.in.ReplaySource.ReplayReport;
import dev.tributary.application.port.in.ReplaySource.ReplayRequest;
import dev.tributary.application.port.in.TransformRawObject.TransformReport;
import dev.tributary.application.port.out.AggregateRebuilds;
import dev.tributary.application.port.out.AggregateRebuilds.Missing;
import dev.tributary.application.port.out.AggregateRebuilds.Switched;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.application.port.out.AggregateStore.BatchDeltas;
import dev.tributary.application.refusal.UnknownAggregationException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceDefinition;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.tributary.application.port.out.StoreFixtures.batchId;
import static dev.tributary.application.port.out.StoreFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The replay's loop: which batches go through the rules again, when it switches, what a dry run leaves alone. */
class ReplaySourceServiceTest {
    private static final SourceDefinition ORDERS = TestSources.orders();
    private final TransformRawObjectService transform = mock(TransformRawObjectService.class);
    private final StageTransformedObjectService stage = mock(StageTransformedObjectService.class);
    private final AggregateStagedObjectService fold = mock(AggregateStagedObjectService.class);
    private final AggregateRebuilds rebuilds = mock(AggregateRebuilds.class);
    private final ReplaySourceService service = new ReplaySourceService(CatalogOf.sources(ORDERS), transform, stage,
            fold, rebuilds, Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC), 2);

    private ObjectKey raw(int n) {
        return ObjectKey.raw(ORDERS.name(), batchId(n), ORDERS.format());
    }

    private static List<Missing> missing(int... batches) {
        return java.util.Arrays.stream(batches).mapToObj(n -> new Missing(batchId(n), null)).toList();
    }

    private void lakeHolds(int... batches) {
        for (int n : batches) {
            Lineage lineage = entry(n).lineage();
            when(transform.transformAgain(eq(raw(n)), any())).thenReturn(new TransformRawObjectService.Transformed(
                    new TransformReport(raw(n).in(Zone.TRANSFORMED), 2, 1), List.of(), lineage, true));
            when(stage.stageRecords(ORDERS, raw(n).in(Zone.TRANSFORMED), List.of(), lineage)).thenReturn(lineage);
            when(fold.deltasOf(eq(ORDERS), eq(raw(n).in(Zone.STAGED)), any(), eq(List.of()), any()))
                    .thenReturn(new BatchDeltas(entry(n), List.of()));
            when(fold.deltasOf(eq(raw(n).in(Zone.STAGED)), any())).thenReturn(new BatchDeltas(entry(n), List.of()));
        }
    }

    @Test
    void onlyBatchesReceivedInTheWindowGoThroughTheRulesAgainAndTheRestIsCaughtUpAtTheSwitch() {
        lakeHolds(1, 2, 3);
        when(rebuilds.missing(anyString(), eq(ORDERS.name()), anyInt()))
                .thenReturn(missing(1, 2), missing(1, 2));
        when(rebuilds.switchOver(anyString(), eq(ORDERS.name()), eq(ORDERS.aggregations()), any()))
                .thenAnswer(call -> {
                    Function<List<Missing>, List<BatchDeltas>> catchUp = call.getArgument(3);
                    return new Switched(catchUp.apply(missing(3)).size(), List.of());
                });
        // batch 2 is received 2 ms after batch 1: a window holding batch 2 and 3 only
        ReplayRequest request = new ReplayRequest(ORDERS.name(), Optional.of(batchId(2).timestamp()), Optional.empty(),
                Optional.empty(), false);

        ReplayReport report = service.replay(request, (done, known, records) -> { });

        verify(transform, never()).transformAgain(eq(raw(1)), any());
        verify(transform).transformAgain(raw(2), TransformRawObjectService.Writes.CHANGED);
        verify(transform).transformAgain(raw(3), TransformRawObjectService.Writes.CHANGED);
        assertThat(report.batches()).isEqualTo(3);
        assertThat(report.transformed()).isEqualTo(2);
        assertThat(report.caughtUp()).isOne();
        assertThat(report.switched()).isTrue();
        assertThat(report.records()).isEqualTo(9);
    }

    @Test
    void aDryRunCatchesUpReportsAndDiscardsWithoutSwitching() {
        lakeHolds(1, 2);
        when(rebuilds.missing(anyString(), eq(ORDERS.name()), anyInt()))
                .thenReturn(missing(1), missing(1), missing(2), List.of());
        ReplayRequest request = new ReplayRequest(ORDERS.name(), Optional.empty(), Optional.empty(), Optional.empty(),
                true);

        ReplayReport report = service.replay(request, (done, known, records) -> { });

        verify(rebuilds, never()).switchOver(anyString(), any(), anyList(), any());
        verify(rebuilds).discard(anyString(), eq(ORDERS.aggregations()));
        verify(transform).transformAgain(raw(1), TransformRawObjectService.Writes.NONE);   // a dry run writes nothing
        verify(stage, never()).stageRecords(any(), any(), anyList(), any());
        assertThat(report.batches()).isEqualTo(2);
        assertThat(report.switched()).isFalse();
    }

    /**
     * Over a lake whose every request waits on the network, the replay keeps as many batches in flight as it was given:
     * eight batches each wait inside the lake until all eight are there; replayed fewer at a time, the wait runs out.
     */
    @Test
    void theBatchesInFlightWaitOnTheLakeTogether() {
        int inFlight = 8;
        int[] batches = java.util.stream.IntStream.rangeClosed(1, inFlight).toArray();
        lakeHolds(batches);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(inFlight);
        for (int n : batches) {
            TransformRawObjectService.Transformed answer = transform.transformAgain(raw(n),
                    TransformRawObjectService.Writes.CHANGED);
            when(transform.transformAgain(eq(raw(n)), any())).thenAnswer(call -> {
                together.await(30, java.util.concurrent.TimeUnit.SECONDS);    // the slow request of each batch
                return answer;
            });
        }
        when(rebuilds.missing(anyString(), eq(ORDERS.name()), anyInt())).thenReturn(missing(batches));
        when(rebuilds.switchOver(anyString(), any(), anyList(), any())).thenReturn(new Switched(0, List.of()));
        ReplaySourceService replay = new ReplaySourceService(CatalogOf.sources(ORDERS), transform, stage, fold,
                rebuilds, Clock.systemUTC(), inFlight);

        ReplayReport report = replay.replay(new ReplayRequest(ORDERS.name(), Optional.empty(), Optional.empty(),
                Optional.empty(), false), (done, known, records) -> { });

        assertThat(report.transformed()).isEqualTo(inFlight);
        assertThat(together.isBroken()).isFalse();
    }

    /** Batches whose rules clean alike now (only an aggregation changed) are folded from their staged objects. */
    @Test
    void batchesCleanedByRulesThatCleanAlikeNowAreFoldedAsTheyAre() {
        SourceCatalog catalog = mock(SourceCatalog.class);
        DefinitionVersion earlier = new DefinitionVersion("aaaaaaaaaaaa", "{}");
        when(catalog.require(ORDERS.name())).thenReturn(ORDERS);
        when(catalog.version(ORDERS.name())).thenReturn(Optional.of(new DefinitionVersion("bbbbbbbbbbbb", "{}")));
        when(catalog.cleansAlike(ORDERS.name(), earlier)).thenReturn(true);
        when(rebuilds.definition(ORDERS.name(), "aaaaaaaaaaaa")).thenReturn(Optional.of(earlier));
        lakeHolds(1, 2);
        when(rebuilds.missing(anyString(), eq(ORDERS.name()), anyInt())).thenReturn(
                List.of(new Missing(batchId(1), "aaaaaaaaaaaa"), new Missing(batchId(2), null)));
        when(rebuilds.switchOver(anyString(), any(), anyList(), any())).thenReturn(new Switched(0, List.of()));
        ReplaySourceService replay = new ReplaySourceService(catalog, transform, stage, fold, rebuilds,
                Clock.systemUTC(), 2);

        ReplayReport report = replay.replay(new ReplayRequest(ORDERS.name(), Optional.empty(), Optional.empty(),
                Optional.empty(), false), (done, known, records) -> { });

        verify(transform, never()).transformAgain(eq(raw(1)), any());     // same cleaning: its staged object serves
        verify(transform).transformAgain(raw(2), TransformRawObjectService.Writes.CHANGED);  // no version: cleaned
        assertThat(report.transformed()).isOne();
    }

    @Test
    void anAggregationTheSourceDoesNotHaveIsRefusedBeforeAnythingIsBuilt() {
        ReplayRequest request = new ReplayRequest(ORDERS.name(), Optional.empty(), Optional.empty(),
                Optional.of("no_such_table"), false);

        assertThatThrownBy(() -> service.replay(request, (done, known, records) -> { }))
                .isInstanceOf(UnknownAggregationException.class);
        verify(rebuilds, never()).open(anyString(), any(), anyList());
    }

    @Test
    void theSameRequestWithTheSameRulesResumesTheSameRebuildAndNewRulesStartAnother() {
        ReplayRequest request = new ReplayRequest(ORDERS.name(), Optional.empty(), Optional.empty(), Optional.empty(),
                false);

        assertThat(ReplaySourceService.rebuildId(request, "aaaaaaaaaaaa"))
                .isEqualTo(ReplaySourceService.rebuildId(request, "aaaaaaaaaaaa"))
                .isNotEqualTo(ReplaySourceService.rebuildId(request, "bbbbbbbbbbbb"))
                .matches("[0-9a-f]{16}");
    }

    /**
     * The database's share of a group (its deltas and ledger rows) is written while the next group is cleaned; the
     * next page is asked for after the last batch read, not among the batches not added yet (the group being written
     * is not added yet); and the switch comes after the last write.
     */
    @Test
    void aGroupIsWrittenWhileTheNextIsCleanedAndPagesFollowTheLastBatchRead() throws Exception {
        int group = ReplaySourceService.GROUP;
        int[] all = java.util.stream.IntStream.rangeClosed(1, group + 3).toArray();
        lakeHolds(all);
        when(rebuilds.missing(anyString(), eq(ORDERS.name()), eq(Integer.MAX_VALUE))).thenReturn(missing(all));
        when(rebuilds.missing(anyString(), eq(ORDERS.name()), eq(group)))
                .thenReturn(missing(java.util.Arrays.copyOfRange(all, 0, group)));
        when(rebuilds.missing(anyString(), eq(ORDERS.name()), eq(batchId(group)), eq(group)))
                .thenReturn(missing(java.util.Arrays.copyOfRange(all, group, all.length)));
        java.util.concurrent.CountDownLatch nextGroupCleaned = new java.util.concurrent.CountDownLatch(1);
        when(transform.transformAgain(eq(raw(group + 1)), any())).thenAnswer(call -> {
            nextGroupCleaned.countDown();
            return new TransformRawObjectService.Transformed(new TransformReport(raw(group + 1).in(Zone.TRANSFORMED),
                    2, 1), List.of(), entry(group + 1).lineage(), true);
        });
        List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        org.mockito.Mockito.doAnswer(call -> {
            List<BatchDeltas> written = call.getArgument(2);
            if (written.size() == group) {     // the first group: its write waits until the next one is cleaned
                order.add(nextGroupCleaned.await(20, java.util.concurrent.TimeUnit.SECONDS)
                        ? "first group written while the next was cleaned" : "first group written alone");
            } else {
                order.add("second group written");
            }
            return null;
        }).when(rebuilds).add(anyString(), eq(ORDERS.aggregations()), anyList());
        when(rebuilds.switchOver(anyString(), eq(ORDERS.name()), eq(ORDERS.aggregations()), any()))
                .thenAnswer(call -> {
                    order.add("switched");
                    return new Switched(0, List.of());
                });

        ReplayReport report = service.replay(new ReplayRequest(ORDERS.name(), Optional.empty(), Optional.empty(),
                Optional.empty(), false), (done, known, records) -> { });

        assertThat(order).containsExactly("first group written while the next was cleaned", "second group written",
                "switched");
        assertThat(report.batches()).isEqualTo(group + 3);
        assertThat(report.transformed()).isEqualTo(group + 3);
    }

    @Test
    void anEmptyWindowIsRefused() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        assertThatThrownBy(() -> new ReplayRequest(ORDERS.name(), Optional.of(t), Optional.of(t), Optional.empty(),
                false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window is empty");
    }
}
