package dev.tributary.application.usecase;

import dev.tributary.application.TestBatches;
import dev.tributary.application.TestSources;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.application.port.out.AggregateStore.BatchDeltas;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.StagedCodec;
import dev.tributary.application.port.out.StagedCodec.StagedContent;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.EventRange;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectFormat;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RecordPosition;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.when;

class AggregateStagedObjectServiceTest {
    private static final Instant RECEIVED = Instant.parse("2026-03-14T18:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-14T18:00:05Z");

    private final FakeLake lake = new FakeLake();
    private final StagedCodec staged = mock(StagedCodec.class);
    private final AggregateStore store = mock(AggregateStore.class);
    /** What each staged object holds; the object's bytes are its batch id. */
    private final Map<String, List<CleanRecord>> stagedRecords = new HashMap<>();
    private final AggregateStagedObjectService service = new AggregateStagedObjectService(lake,
            CatalogOf.sources(TestSources.orders()), staged, store, Clock.fixed(NOW, ZoneOffset.UTC));

    AggregateStagedObjectServiceTest() {
        when(staged.read(any(), any(), any())).thenAnswer(call -> new StagedContent(
                stagedRecords.get(new String(call.<byte[]>getArgument(1), StandardCharsets.UTF_8)), Map.of()));
        when(store.applyAll(any())).thenAnswer(call -> call.<List<BatchDeltas>>getArgument(0).stream()
                .map(b -> (LedgerOutcome) new LedgerOutcome.Applied()).toList());
    }

    private ObjectKey stagedObject(CleanRecord... records) {
        BatchId batch = TestBatches.batchIdAt(RECEIVED);
        ObjectKey key = new ObjectKey(Zone.STAGED, TestBatches.ORDERS, batch, ObjectFormat.PARQUET);
        Lineage lineage = Lineage.received(batch, TestBatches.ORDERS, RECEIVED, records.length)
                .rawWritten(RECEIVED.plusSeconds(1)).transformed(RECEIVED.plusSeconds(2), records.length, 0)
                .staged(RECEIVED.plusSeconds(3), 1);
        lake.put(key, new LakeStore.LakeObject(batch.toString().getBytes(StandardCharsets.UTF_8), lineage.toMetadata()));
        stagedRecords.put(batch.toString(), List.of(records));
        return key;
    }

    private static CleanRecord order(String orderedAt) {
        Instant at = Instant.parse(orderedAt);
        return new CleanRecord(new RecordPosition(0), at, Map.of("order_id", "o-" + orderedAt, "country", "DE",
                "amount", BigDecimal.ONE, "ordered_at", at));
    }

    private AppliedBatch appliedEntry() {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<BatchDeltas>> applied = ArgumentCaptor.forClass(List.class);
        verify(store).applyAll(applied.capture());
        return applied.getValue().get(0).entry();
    }

    @Test
    void theLedgerEntryRecordsTheEventTimesOfTheBatchsRecordsNotWhenTheyArrived() {
        ObjectKey key = stagedObject(order("2026-03-14T09:30:00Z"), order("2026-03-13T23:10:00Z"),
                order("2026-03-14T11:00:00Z"));

        service.aggregate(key);

        AppliedBatch entry = appliedEntry();
        assertThat(entry.events()).isEqualTo(new EventRange(Instant.parse("2026-03-13T23:10:00Z"),
                Instant.parse("2026-03-14T11:00:00Z")));
        assertThat(entry.lineage().receivedAt()).isEqualTo(RECEIVED);
        assertThat(entry.aggregatedAt()).isEqualTo(NOW);
        assertThat(entry.stagedObject()).isEqualTo(key.path());
    }

    @Test
    void aBatchWithoutCleanRecordsHasNoEventRange() {
        ObjectKey key = stagedObject();

        service.aggregateAll(List.of(key));

        assertThat(appliedEntry().events()).isNull();
    }

    @Test
    void readsOnlyTheFieldsTheSourcesAggregationsGroupByOrMeasure() {
        service.aggregate(stagedObject(order("2026-03-14T09:30:00Z")));

        // not order_id: no aggregation reads it (the event time is read whatever the set says)
        verify(staged).read(any(), any(), eq(Set.of("country", "amount", "customer")));
    }

    @Test
    void aBatchWhoseDataTheStoreRefusesFailsAloneNotItsWholeGroup() {
        ObjectKey good = stagedObject(order("2026-03-14T09:30:00Z"));
        ObjectKey refused = stagedObject(order("2026-03-14T09:31:00Z"));
        ObjectKey alsoGood = stagedObject(order("2026-03-14T09:32:00Z"));
        doAnswer(call -> {
            List<BatchDeltas> batches = call.getArgument(0);
            if (batches.stream().anyMatch(b -> b.entry().stagedObject().equals(refused.path()))) {
                throw new IllegalStateException("aggregate store refused the data (SQLSTATE 22021)");
            }
            return batches.stream().map(b -> (LedgerOutcome) new LedgerOutcome.Applied()).toList();
        }).when(store).applyAll(any());

        AggregateStagedObject.GroupReport report = service.aggregateAll(List.of(good, refused, alsoGood));

        assertThat(report.reports()).extracting(AggregateStagedObject.AggregateReport::staged)
                .containsExactly(good, alsoGood);
        assertThat(report.failed()).extracting(AggregateStagedObject.Failure::staged).containsExactly(refused);
    }

    /**
     * On a lake whose reads wait on the network, a group's objects are read at once: here each read waits until all
     * four are under way, so reading them one after another would run out of time and fail them.
     */
    @Test
    void aGroupsObjectsAreReadTogetherWhenReadsMayBeInFlightAtOnce() {
        List<ObjectKey> group = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> stagedObject(order("2026-03-14T09:3" + i + ":00Z"))).toList();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(group.size());
        AggregateStagedObjectService reading = new AggregateStagedObjectService(new WaitingLake(lake, together),
                CatalogOf.sources(TestSources.orders()), staged, store, Clock.fixed(NOW, ZoneOffset.UTC), group.size());

        AggregateStagedObject.GroupReport report = reading.aggregateAll(group);

        assertThat(report.failed()).isEmpty();
        assertThat(report.reports()).extracting(AggregateStagedObject.AggregateReport::staged)
                .containsExactlyElementsOf(group);                                   // in the group's order
        assertThat(together.isBroken()).isFalse();
    }

    /** Each read waits at the barrier first, as a read waits on the network. */
    private record WaitingLake(FakeLake lake, java.util.concurrent.CyclicBarrier barrier) implements LakeStore {
        @Override
        public Optional<LakeObject> get(ObjectKey key) {
            try {
                barrier.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the other reads did not come: " + e, e);
            }
            synchronized (lake) {
                return lake.get(key);
            }
        }

        @Override
        public void put(ObjectKey key, LakeObject object) {
            lake.put(key, object);
        }

        @Override
        public void delete(ObjectKey key) {
            lake.delete(key);
        }

        @Override
        public List<ObjectKey> list(Zone zone, Optional<dev.tributary.domain.source.SourceName> source) {
            return lake.list(zone, source);
        }

        @Override
        public List<ObjectKey> listNewest(Zone zone, dev.tributary.domain.source.SourceName source,
                                          Optional<BatchId> before, int limit) {
            return lake.listNewest(zone, source, before, limit);
        }
    }

    @Test
    void aStoreThatIsDownFailsTheGroupAsAnOutageNotAsItsBatches() {
        ObjectKey one = stagedObject(order("2026-03-14T09:30:00Z"));
        ObjectKey two = stagedObject(order("2026-03-14T09:31:00Z"));
        doThrow(new PortUnavailableException("aggregate store", new IllegalStateException("connection refused")))
                .when(store).applyAll(any());

        assertThatThrownBy(() -> service.aggregateAll(List.of(one, two))).isInstanceOf(PortUnavailableException.class);
        verify(store, times(1)).applyAll(any());
    }
}
