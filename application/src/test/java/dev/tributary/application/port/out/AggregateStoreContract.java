package dev.tributary.application.port.out;

import dev.tributary.application.TestSources;
import dev.tributary.application.port.out.AggregateStore.BatchDeltas;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateKey;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Aggregator;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.record.CleanRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static dev.tributary.application.port.out.StoreFixtures.*;

/**
 * The promises of {@link AggregateStore}: every adapter extends this and only supplies a fresh, empty store and the
 * ledger it writes to. The ledger row and the upserts share one transaction (invariant 2), so what the ledger reads
 * is what the store applied; {@link AppliedBatchLedgerContract} holds the ledger's own reads.
 */
public abstract class AggregateStoreContract {
    /** A new store over empty storage. */
    protected abstract AggregateStore newStore();

    /** The ledger the store writes its rows to (the same object, for a store that is its own ledger). */
    protected abstract AppliedBatchLedger ledgerOf(AggregateStore store);

    private AggregateStore store;
    private AppliedBatchLedger ledger;

    @BeforeEach
    void createStore() {
        store = newStore();
        ledger = ledgerOf(store);
        store.prepare(List.of(TestSources.orders()));
    }

    @Test
    void appliedBatchAppearsAsRows() {
        LedgerOutcome outcome = apply(store, entry(1), List.of(orders(
                order(0, "DE", "10.50", "alice"), order(5, "DE", "20", "bob"), order(70, "FR", "7", "carol"))));

        AggregateTable table = store.query(ORDERS, AggregateQuery.latest(10));

        assertThat(outcome).isEqualTo(new LedgerOutcome.Applied());
        assertThat(table.columns()).containsExactly("hour", "country", "orders", "revenue", "average_order",
                "largest_order", "smallest_order", "customers");
        assertThat(table.rows()).hasSize(2);
        Map<String, Object> fr = row(table, 0);
        assertThat(fr.get("hour")).isEqualTo(T0.plusSeconds(3600));
        assertThat(fr.get("country")).isEqualTo("FR");
        assertThat(fr.get("orders")).isEqualTo(1L);
        Map<String, Object> de = row(table, 1);
        assertThat(de.get("hour")).isEqualTo(T0);
        assertThat(de.get("orders")).isEqualTo(2L);
        assertDecimal(de.get("revenue"), "30.50");
        assertDecimal(de.get("average_order"), "15.25");
        assertDecimal(de.get("largest_order"), "20");
        assertDecimal(de.get("smallest_order"), "10.5");
        assertThat(de.get("customers")).isEqualTo(2L);
    }

    @Test
    void applyingTheSameBatchTwiceCountsItOnce() {
        AppliedBatch first = entry(1);
        List<AggregateDelta> deltas = List.of(orders(order(0, "DE", "10", "alice")));
        apply(store, first, deltas);
        AggregateTable before = store.query(ORDERS, AggregateQuery.latest(10));
        AppliedBatch redelivered = new AppliedBatch(first.lineage(), first.rawObject(),
                first.stagedObject(), first.aggregatedAt().plusSeconds(60));

        LedgerOutcome again = apply(store, redelivered, deltas);

        assertThat(again).isEqualTo(new LedgerOutcome.AlreadyApplied(first.aggregatedAt()));
        assertThat(store.query(ORDERS, AggregateQuery.latest(10))).isEqualTo(before);
        assertThat(ledger.count(Optional.empty())).isEqualTo(1);
        assertThat(ledgerRow(ledger, first.lineage().source(), first.lineage().batch())).contains(first);
    }

    @Test
    void twoBatchesMergeIntoTheSameRow() {
        apply(store, entry(1), List.of(orders(order(0, "DE", "10", "alice"), order(1, "DE", "20", "bob"))));

        apply(store, entry(2), List.of(orders(order(2, "DE", "40", "alice"), order(3, "DE", "5", "carol"))));

        Map<String, Object> de = row(store.query(ORDERS, AggregateQuery.latest(10)), 0);
        assertThat(de.get("orders")).isEqualTo(4L);
        assertDecimal(de.get("revenue"), "75");
        assertDecimal(de.get("average_order"), "18.75");
        assertDecimal(de.get("largest_order"), "40");
        assertDecimal(de.get("smallest_order"), "5");
        assertThat(de.get("customers")).as("alice counted once across batches").isEqualTo(3L);
    }

    @Test
    void averageIsTheMeanOfAllValuesNotTheMeanOfBatchMeans() {
        apply(store, entry(1), List.of(orders(order(0, "DE", "10", "alice"), order(1, "DE", "20", "bob"))));

        apply(store, entry(2), List.of(orders(order(2, "DE", "40", "carol"))));

        Object average = row(store.query(ORDERS, AggregateQuery.latest(10)), 0).get("average_order");
        assertThat((BigDecimal) average).isCloseTo(new BigDecimal("23.333333333"), within(new BigDecimal("1e-9")));
    }

    @Test
    void missingValuesAreCountedButNotAveraged() {
        apply(store, entry(1), List.of(orders(order(0, null, null, null))));

        apply(store, entry(2), List.of(orders(order(1, null, "8", "dave"))));

        Map<String, Object> none = row(store.query(ORDERS, AggregateQuery.latest(10)), 0);
        assertThat(none.get("country")).isEqualTo(AggregateKey.NONE);
        assertThat(none.get("orders")).isEqualTo(2L);
        assertDecimal(none.get("revenue"), "8");
        assertDecimal(none.get("average_order"), "8");
        assertDecimal(none.get("smallest_order"), "8");
        assertThat(none.get("customers")).isEqualTo(1L);
    }

    @Test
    void rowWithoutAnyValueHasNoAverageMinimumOrMaximum() {
        apply(store, entry(1), List.of(orders(order(0, "DE", null, null))));

        assertOrdersWithoutValues(row(store.query(ORDERS, AggregateQuery.latest(10)), 0), 1);
    }

    /** A row of {@code orders} orders none of which had an amount or a customer. */
    private static void assertOrdersWithoutValues(Map<String, Object> row, long orders) {
        assertThat(row.get("orders")).isEqualTo(orders);
        assertDecimal(row.get("revenue"), "0");
        assertThat(row.get("average_order")).isNull();
        assertThat(row.get("largest_order")).isNull();
        assertThat(row.get("smallest_order")).isNull();
        assertThat(row.get("customers")).isEqualTo(0L);
    }

    @Test
    void queryFiltersByDimensionAndHalfOpenTimeRange() {
        apply(store, entry(1), List.of(orders(order(0, "DE", "1", "a"), order(0, "FR", "1", "a"),
                order(60, "DE", "2", "a"), order(60, "FR", "2", "a"), order(120, "DE", "3", "a"))));

        AggregateTable table = store.query(ORDERS, new AggregateQuery(T0.plusSeconds(3600), T0.plusSeconds(7200),
                Map.of("country", "DE"), 10));

        assertThat(table.rows()).hasSize(1);
        assertThat(row(table, 0).get("hour")).isEqualTo(T0.plusSeconds(3600));
        assertDecimal(row(table, 0).get("revenue"), "2");
    }

    @Test
    void queryReturnsNewestBucketFirstThenDimensionsUpToTheLimit() {
        apply(store, entry(1), List.of(orders(order(0, "DE", "1", "a"), order(0, "FR", "1", "a"),
                order(60, "FR", "2", "a"), order(60, "AT", "2", "a"), order(120, "DE", "3", "a"))));

        AggregateTable table = store.query(ORDERS, AggregateQuery.latest(4));

        assertThat(table.rows()).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly(
                T0.plusSeconds(7200) + " DE", T0.plusSeconds(3600) + " AT", T0.plusSeconds(3600) + " FR",
                T0 + " DE");
    }

    // --- roll-up to a coarser bucket ----------------------------------------------------------------------------

    @Test
    void hoursRolledUpToADayAddCountsAndSumsKeepExtremesWeighAveragesAndCountDistinctValuesOnce() {
        apply(store, entry(1), List.of(orders(order(0, "DE", "10", "alice"), order(5, "DE", "20", "bob"),
                order(120, "FR", "7", "carol"))));
        apply(store, entry(2), List.of(orders(order(60, "DE", "60", "alice"), order(900, "DE", "1", "dave"))));

        AggregateTable table = store.query(ORDERS, AggregateQuery.latest(10).per(Bucket.DAY));

        assertThat(table.columns()).containsExactly("day", "country", "orders", "revenue", "average_order",
                "largest_order", "smallest_order", "customers");
        assertThat(table.rows()).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly(
                "2025-03-02T00:00:00Z DE", "2025-03-01T00:00:00Z DE", "2025-03-01T00:00:00Z FR");
        Map<String, Object> de = row(table, 1);
        assertThat(de.get("orders")).isEqualTo(3L);
        assertDecimal(de.get("revenue"), "90");
        assertDecimal(de.get("average_order"), "30");   // (10 + 20 + 60) / 3; the hours' means (15, 60) average 37.5
        assertDecimal(de.get("largest_order"), "60");
        assertDecimal(de.get("smallest_order"), "10");
        assertThat(de.get("customers")).as("alice ordered in two hours: one customer of the day").isEqualTo(2L);
        assertThat(row(table, 0).get("customers")).isEqualTo(1L);
        assertDecimal(row(table, 2).get("average_order"), "7");
    }

    @Test
    void rolledUpRowsAreTheRowsOfAStoreThatCountedPerDayFromTheStart() {
        List<CleanRecord> records = new ArrayList<>();
        String[] countries = {"DE", "FR", null};
        for (int i = 0; i < 40; i++) {
            records.add(order(i * 47 % 2000, countries[i % 3], i % 7 == 0 ? null : Integer.toString(i % 11),
                    i % 5 == 0 ? null : "customer-" + i % 6));
        }
        apply(store, entry(1), List.of(orders(records.subList(0, 25).toArray(CleanRecord[]::new))));
        apply(store, entry(2), List.of(orders(records.subList(25, 40).toArray(CleanRecord[]::new))));
        AggregationSpec perDay = new AggregationSpec("orders_per_day_by_country", "Orders per day", Bucket.DAY,
                ORDERS.dimensions(), ORDERS.measures());
        store.prepare(List.of(TestSources.orders(), TestSources.orders(perDay)));
        apply(store, entry(3), List.of(Aggregator.aggregate(perDay, records)));

        AggregateTable rolled = store.query(ORDERS, AggregateQuery.latest(100).per(Bucket.DAY));

        AggregateTable counted = store.query(perDay, AggregateQuery.latest(100));
        assertThat(rolled.rows()).hasSize(counted.rows().size()).hasSizeGreaterThan(3);
        for (int i = 0; i < counted.rows().size(); i++) {
            Map<String, Object> expected = row(counted, i);
            Map<String, Object> actual = row(rolled, i);
            for (String column : expected.keySet()) {
                if (expected.get(column) instanceof BigDecimal d) {
                    assertThat((BigDecimal) actual.get(column)).as(column).isCloseTo(d, within(new BigDecimal("1e-12")));
                } else {
                    assertThat(actual.get(column)).as(column).isEqualTo(expected.get(column));
                }
            }
        }
    }

    @Test
    void minutesRollUpToHoursAndDaysPerCombinationOfDimensions() {
        store.prepare(List.of(TestSources.orders(), TestSources.clicks()));
        AggregationSpec clicks = TestSources.clicksPerMinuteByPage();
        apply(store, entry(1), List.of(Aggregator.aggregate(clicks, List.of(click(0, "/home", "mobile"),
                click(1, "/home", "mobile"), click(59, "/home", "mobile"), click(30, "/home", "desktop"),
                click(60, "/home", "mobile"), click(61, "/cart", "mobile")))));

        AggregateTable perHour = store.query(clicks, AggregateQuery.latest(10).per(Bucket.HOUR));
        AggregateTable perDay = store.query(clicks, AggregateQuery.latest(10).per(Bucket.DAY));

        assertThat(perHour.columns()).containsExactly("hour", "page", "device", "clicks");
        assertThat(perHour.rows()).containsExactly(List.of(T0.plusSeconds(3600), "/cart", "mobile", 1L),
                List.of(T0.plusSeconds(3600), "/home", "mobile", 1L), List.of(T0, "/home", "desktop", 1L),
                List.of(T0, "/home", "mobile", 3L));
        Instant day = Bucket.DAY.start(T0);
        assertThat(perDay.rows()).containsExactly(List.of(day, "/cart", "mobile", 1L),
                List.of(day, "/home", "desktop", 1L), List.of(day, "/home", "mobile", 4L));
    }

    @Test
    void rolledUpRangeAndLimitApplyToTheCoarserBuckets() {
        int nextDay = 900;                                           // T0 + 15 h is 01:00 of the next day
        apply(store, entry(1), List.of(orders(order(0, "DE", "1", "a"), order(nextDay, "DE", "2", "a"),
                order(nextDay + 60, "FR", "3", "a"), order(nextDay + 1440, "DE", "4", "a"))));
        Instant secondDay = Bucket.DAY.start(T0).plus(Duration.ofDays(1));

        AggregateTable midFirstToThird = store.query(ORDERS, new AggregateQuery(T0, secondDay.plus(Duration.ofDays(1)),
                Map.of(), 10, Optional.of(Bucket.DAY)));
        AggregateTable germany = store.query(ORDERS, new AggregateQuery(Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"),
                Map.of("country", "DE"), 10, Optional.of(Bucket.DAY)));
        AggregateTable newest = store.query(ORDERS, AggregateQuery.latest(1).per(Bucket.DAY));

        assertThat(midFirstToThird.rows()).as("the first day starts before from: left out, not shown in part")
                .extracting(r -> r.get(0) + " " + r.get(1))
                .containsExactly(secondDay + " DE", secondDay + " FR");
        assertThat(germany.rows()).extracting(r -> r.get(3)).map(v -> ((BigDecimal) v).intValue())
                .containsExactly(4, 2, 1);
        assertThat(newest.rows()).extracting(r -> r.get(0)).containsExactly(secondDay.plus(Duration.ofDays(1)));
    }

    @Test
    void rollUpOfAMeasureAddedLaterCoversOnlyTheRowsThatHaveIt() {
        apply(store, entry(1), List.of(orders(order(0, "DE", "1", "a"), order(1440, "DE", "1", "a"))));
        Measure extra = new Measure("order_ids", MeasureFunction.DISTINCT_COUNT, "order_id", "distinct order ids");
        var grown = TestSources.ordersWithExtraMeasure(extra);
        store.prepare(List.of(grown));
        AggregationSpec spec = grown.aggregations().get(0);
        apply(store, entry(2), List.of(Aggregator.aggregate(spec, List.of(order(60, "DE", "2", "b")))));

        AggregateTable table = store.query(spec, AggregateQuery.latest(10).per(Bucket.DAY));

        assertThat(row(table, 0).get("orders")).isEqualTo(1L);
        assertThat(row(table, 0).get("order_ids")).as("no row of that day has the measure").isNull();
        assertThat(row(table, 1).get("orders")).isEqualTo(2L);
        assertThat(row(table, 1).get("order_ids")).isEqualTo(1L);
    }

    @Test
    void aDayWithoutAnyValueHasNoRolledUpAverageMinimumOrMaximum() {
        apply(store, entry(1), List.of(orders(order(0, "DE", null, null), order(60, "DE", null, null))));

        assertOrdersWithoutValues(row(store.query(ORDERS, AggregateQuery.latest(10).per(Bucket.DAY)), 0), 2);
    }

    @Test
    void theAggregationsOwnBucketGivesTheRowsAsStored() {
        apply(store, entry(1), List.of(orders(order(0, "DE", "10", "alice"), order(70, "FR", "7", "carol"))));

        AggregateTable perHour = store.query(ORDERS, AggregateQuery.latest(10).per(Bucket.HOUR));

        assertThat(perHour).isEqualTo(store.query(ORDERS, AggregateQuery.latest(10)));
    }

    @Test
    void aBucketFinerThanTheAggregationsIsRefused() {
        apply(store, entry(1), List.of(orders(order(0, "DE", "10", "alice"))));

        assertThatThrownBy(() -> store.query(ORDERS, AggregateQuery.latest(10).per(Bucket.MINUTE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per minute");
    }

    @Test
    void prepareIsIdempotentAndCreatesTablesOfSourcesAddedLater() {
        apply(store, entry(1), List.of(orders(order(0, "DE", "1", "a"))));
        store.prepare(List.of(TestSources.orders()));

        store.prepare(List.of(TestSources.orders(), TestSources.clicks()));

        AggregationSpec clicks = TestSources.clicksPerMinuteByPage();
        apply(store, entry(2), List.of(new AggregateDelta(clicks, Map.of(
                new AggregateKey(T0, List.of("/home", "mobile")), List.of(countOf(3))))));
        assertThat(store.query(clicks, AggregateQuery.latest(10)).rows())
                .containsExactly(List.of(T0, "/home", "mobile", 3L));
        assertThat(store.query(ORDERS, AggregateQuery.latest(10)).rows()).hasSize(1);
    }

    @Test
    void prepareAddsAMeasureTheSourceGained() {
        apply(store, entry(1), List.of(orders(order(0, "DE", "1", "a"))));
        Measure extra = new Measure("order_ids", MeasureFunction.DISTINCT_COUNT, "order_id", "distinct order ids");
        var grown = TestSources.ordersWithExtraMeasure(extra);

        store.prepare(List.of(grown));

        AggregationSpec spec = grown.aggregations().get(0);
        apply(store, entry(2), List.of(Aggregator.aggregate(spec, List.of(order(1, "DE", "2", "b")))));
        AggregateTable table = store.query(spec, AggregateQuery.latest(10));
        assertThat(table.columns()).endsWith("order_ids");
        assertThat(row(table, 0).get("orders")).isEqualTo(2L);
        assertThat(row(table, 0).get("order_ids")).isEqualTo(1L);
    }

    @Test
    void concurrentBatchesTouchingTheSameRowsAllCountOnce() throws Exception {
        int batches = 24;
        List<Callable<LedgerOutcome>> work = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<CleanRecord> records = new ArrayList<>();
            for (String country : List.of("AT", "DE", "FR", "NL", "PL")) {
                for (int hour = 0; hour < 3; hour++) {
                    records.add(order(hour * 60, country, "1", "customer-" + (b % 5)));
                }
            }
            if (b % 2 == 1) {
                Collections.reverse(records); // opposite row order invites deadlocks the store must survive
            }
            AppliedBatch entry = entry(b + 1);
            AggregateDelta delta = orders(records.toArray(CleanRecord[]::new));
            work.add(() -> apply(store, entry, List.of(delta)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<LedgerOutcome> f : pool.invokeAll(work)) {
                assertThat(f.get()).isEqualTo(new LedgerOutcome.Applied());
            }
        } finally {
            pool.shutdown();
        }

        AggregateTable table = store.query(ORDERS, AggregateQuery.latest(100));
        assertThat(table.rows()).hasSize(15);
        for (int i = 0; i < table.rows().size(); i++) {
            assertThat(row(table, i).get("orders")).isEqualTo((long) batches);
            assertDecimal(row(table, i).get("revenue"), Integer.toString(batches));
            assertThat(row(table, i).get("customers")).isEqualTo(5L);
        }
        assertThat(ledger.count(Optional.of(ORDERS_SOURCE))).isEqualTo(batches);
    }

    @Test
    void groupWithABatchAlreadyAppliedCountsOnlyTheNewOnes() {
        AppliedBatch first = entry(1);
        apply(store, first, List.of(orders(order(0, "DE", "10", "alice"))));
        AppliedBatch redelivered = new AppliedBatch(first.lineage(), first.rawObject(),
                first.stagedObject(), first.aggregatedAt().plusSeconds(60));

        List<LedgerOutcome> outcomes = store.applyAll(List.of(
                new BatchDeltas(entry(2), List.of(orders(order(1, "DE", "20", "bob")))),
                new BatchDeltas(redelivered, List.of(orders(order(0, "DE", "10", "alice")))),
                new BatchDeltas(entry(3), List.of(orders(order(2, "DE", "5", "carol"))))));

        assertThat(outcomes).containsExactly(new LedgerOutcome.Applied(),
                new LedgerOutcome.AlreadyApplied(first.aggregatedAt()), new LedgerOutcome.Applied());
        Map<String, Object> de = row(store.query(ORDERS, AggregateQuery.latest(10)), 0);
        assertThat(de.get("orders")).isEqualTo(3L);
        assertDecimal(de.get("revenue"), "35");
        assertDecimal(de.get("smallest_order"), "5");
        assertThat(de.get("customers")).isEqualTo(3L);
        assertThat(ledger.count(Optional.empty())).isEqualTo(3);
        assertThat(ledgerRow(ledger, first.lineage().source(), first.lineage().batch())).contains(first);
    }

    @Test
    void twoGroupsSharingRowsAddUp() {
        store.applyAll(List.of(
                new BatchDeltas(entry(1), List.of(orders(order(0, "DE", "10", "alice"), order(70, "FR", "1", "x")))),
                new BatchDeltas(entry(2), List.of(orders(order(1, "DE", "30", "bob"))))));

        store.applyAll(List.of(
                new BatchDeltas(entry(3), List.of(orders(order(2, "DE", "2", "alice")))),
                new BatchDeltas(entry(4), List.of(orders(order(3, "DE", "50", "dave"), order(71, "FR", "3", "x"))))));

        AggregateTable table = store.query(ORDERS, AggregateQuery.latest(10));
        Map<String, Object> fr = row(table, 0);
        assertThat(fr.get("orders")).isEqualTo(2L);
        assertDecimal(fr.get("average_order"), "2");
        assertThat(fr.get("customers")).isEqualTo(1L);
        Map<String, Object> de = row(table, 1);
        assertThat(de.get("orders")).isEqualTo(4L);
        assertDecimal(de.get("revenue"), "92");
        assertDecimal(de.get("average_order"), "23");
        assertDecimal(de.get("largest_order"), "50");
        assertDecimal(de.get("smallest_order"), "2");
        assertThat(de.get("customers")).as("alice counted once across groups").isEqualTo(3L);
        assertThat(ledger.count(Optional.empty())).isEqualTo(4);
    }

    @Test
    void groupListingTheSameBatchTwiceCountsItOnce() {
        AppliedBatch once = entry(1);
        List<AggregateDelta> deltas = List.of(orders(order(0, "DE", "10", "alice")));
        AppliedBatch twice = new AppliedBatch(once.lineage(), once.rawObject(),
                once.stagedObject(), once.aggregatedAt().plusSeconds(1));

        List<LedgerOutcome> outcomes = store.applyAll(List.of(new BatchDeltas(once, deltas),
                new BatchDeltas(entry(2), List.of(orders(order(1, "DE", "20", "bob")))), new BatchDeltas(twice, deltas)));

        assertThat(outcomes).containsExactly(new LedgerOutcome.Applied(), new LedgerOutcome.Applied(),
                new LedgerOutcome.AlreadyApplied(once.aggregatedAt()));
        Map<String, Object> de = row(store.query(ORDERS, AggregateQuery.latest(10)), 0);
        assertThat(de.get("orders")).isEqualTo(2L);
        assertDecimal(de.get("revenue"), "30");
        assertThat(ledger.count(Optional.empty())).isEqualTo(2);
        assertThat(ledgerRow(ledger, once.lineage().source(), once.lineage().batch())).contains(once);
    }

    @Test
    void failedGroupAppliesNothing() {
        AggregationSpec unprepared = TestSources.clicksPerMinuteByPage();
        List<BatchDeltas> group = List.of(
                new BatchDeltas(entry(1), List.of(orders(order(0, "DE", "10", "alice")))),
                new BatchDeltas(entry(2), List.of(new AggregateDelta(unprepared, Map.of(
                        new AggregateKey(T0, List.of("/home", "mobile")), List.of(countOf(1)))))));

        assertThatThrownBy(() -> store.applyAll(group)).isInstanceOf(RuntimeException.class);

        assertThat(store.query(ORDERS, AggregateQuery.latest(10)).rows()).isEmpty();
        assertThat(ledger.count(Optional.empty())).isZero();
    }
}
