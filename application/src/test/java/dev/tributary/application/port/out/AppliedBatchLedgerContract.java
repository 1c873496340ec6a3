package dev.tributary.application.port.out;

import dev.tributary.application.TestSources;
import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.UnknownFields;
import dev.tributary.domain.lake.UnknownField;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.tributary.application.port.out.StoreFixtures.*;

/**
 * The promises of {@link AppliedBatchLedger}'s reads (find, count, recent, lineage candidates, activity) over the rows
 * {@link AggregateStore#apply} wrote: every adapter extends this and supplies a fresh store and its ledger.
 */
public abstract class AppliedBatchLedgerContract {
    private AggregateStore store;
    private AppliedBatchLedger ledger;

    /** A new store over empty storage. */
    protected abstract AggregateStore newStore();

    /** The ledger the store writes its rows to. */
    protected abstract AppliedBatchLedger ledgerOf(AggregateStore store);

    @BeforeEach
    void createStore() {
        store = newStore();
        ledger = ledgerOf(store);
        store.prepare(List.of(TestSources.orders()));
    }

    @Test
    void ledgerKeepsEveryAppliedBatchsRowAndCountsThemPerSource() {
        AppliedBatch first = entry(1);
        AppliedBatch second = entry(2);
        AppliedBatch clicks = entry(3, new SourceName("clicks"));
        store.prepare(List.of(TestSources.orders(), TestSources.clicks()));
        apply(store, first, List.of(orders(order(0, "DE", "1", "a"))));
        apply(store, second, List.of());
        apply(store, clicks, List.of());

        assertThat(ledgerRow(ledger, first.lineage().source(), first.lineage().batch())).contains(first);
        assertThat(ledgerRow(ledger, ORDERS_SOURCE, batchId(99))).isEmpty();
        assertThat(ledger.count(Optional.of(ORDERS_SOURCE))).isEqualTo(2);
        assertThat(ledger.count(Optional.of(new SourceName("nothing")))).isZero();
        assertThat(ledger.count(Optional.empty())).isEqualTo(3);
    }

    /** Issue 14: a producer's undeclared fields are counted per source and field, each batch once. */
    @Test
    void undeclaredFieldsAreCountedPerSourceAndFieldWithFirstAndLastSeenEachBatchOnce() {
        store.prepare(List.of(TestSources.orders(), TestSources.clicks()));
        AppliedBatch first = withUnknown(entry(1), Map.of("coupon", 2, "gift.wrap", 1));
        AppliedBatch second = withUnknown(entry(5), Map.of("coupon", 3));
        AppliedBatch clicks = withUnknown(entry(3, new SourceName("clicks")), Map.of("coupon", 7));

        apply(store, first, List.of());
        apply(store, first, List.of());                                 // redelivered: counted once
        apply(store, second, List.of());
        apply(store, clicks, List.of());

        assertThat(ledger.unknownFields(Optional.of(ORDERS_SOURCE))).containsExactly(
                new UnknownField(ORDERS_SOURCE, "coupon", 5, first.lineage().receivedAt(),
                        second.lineage().receivedAt()),
                new UnknownField(ORDERS_SOURCE, "gift.wrap", 1, first.lineage().receivedAt(),
                        first.lineage().receivedAt()));
        assertThat(ledger.unknownFields(Optional.empty())).hasSize(3);
        assertThat(ledger.unknownFields(Optional.of(new SourceName("nothing")))).isEmpty();
    }

    private static AppliedBatch withUnknown(AppliedBatch e, Map<String, Integer> unknown) {
        return new AppliedBatch(e.lineage().withUnknownFields(UnknownFields.of(unknown)), e.rawObject(),
                e.stagedObject(), e.aggregatedAt(), e.events(), e.definitionVersion());
    }

    @Test
    void batchesWithoutEventTimesAreLineageCandidatesByReceiveTimeInAHalfOpenRangeOldestFirst() {
        store.prepare(List.of(TestSources.orders(), TestSources.clicks()));
        for (int n = 1; n <= 5; n++) {
            apply(store, entry(n), List.of());
        }
        apply(store, entry(6, new SourceName("clicks")), List.of());

        List<AppliedBatch> found = ledger.withEventsBetween(ORDERS_SOURCE, T0.plusMillis(2), T0.plusMillis(3),
                T0.plusMillis(6), 2);

        assertThat(found).containsExactly(entry(2), entry(3));
        assertThat(ledger.withEventsBetween(ORDERS_SOURCE, T0.plusMillis(6), T0.plusMillis(7), T0.plusMillis(7), 10))
                .isEmpty();
    }

    @Test
    void lineageCandidatesAreBatchesWhoseEventsOverlapTheBucketHoweverLateTheyWereReceived() {
        Instant hour = T0;
        Instant nextHour = T0.plusSeconds(3600);
        AppliedBatch onTime = eventEntry(1, T0.plusSeconds(3000), "10:05", "10:50");
        AppliedBatch hoursLate = eventEntry(2, T0.plus(Duration.ofHours(5)), "10:30", "10:30");
        AppliedBatch redrivenDaysLater = eventEntry(3, T0.plus(Duration.ofDays(3)), "09:59", "10:00");
        AppliedBatch spanning = eventEntry(4, T0.plusSeconds(10), "08:00", "13:00");
        AppliedBatch before = eventEntry(5, T0.plusSeconds(20), "09:00", "09:59");
        AppliedBatch after = eventEntry(6, T0.plusSeconds(30), "11:00", "12:00");
        AppliedBatch legacyInWindow = eventEntry(7, T0.plusSeconds(4000), null, null);
        AppliedBatch legacyTooLate = eventEntry(8, T0.plus(Duration.ofHours(2)), null, null);
        AppliedBatch legacyEmpty = new AppliedBatch(Lineage.received(batchId(9), ORDERS_SOURCE,
                T0.plusSeconds(40), 1).rawWritten(T0.plusSeconds(41)).transformed(T0.plusSeconds(42), 0, 1),
                "raw/x", "staged/x", T0.plusSeconds(43));
        store.prepare(List.of(TestSources.orders(), TestSources.clicks()));
        for (AppliedBatch e : List.of(onTime, hoursLate, redrivenDaysLater, spanning, before, after,
                legacyInWindow, legacyTooLate, legacyEmpty)) {
            apply(store, e, List.of());
        }
        apply(store, eventEntry(10, new SourceName("clicks"), T0.plusSeconds(50), "10:10", "10:20"), List.of());

        List<AppliedBatch> candidates = ledger.withEventsBetween(ORDERS_SOURCE, hour, nextHour,
                nextHour.plus(Duration.ofMinutes(15)), 10);

        assertThat(candidates).as("oldest received first")
                .containsExactly(spanning, onTime, legacyInWindow, hoursLate, redrivenDaysLater);
        assertThat(ledger.withEventsBetween(ORDERS_SOURCE, hour, nextHour, nextHour, 2))
                .containsExactly(spanning, onTime);
        assertThat(ledgerRow(ledger, redrivenDaysLater.lineage().source(), redrivenDaysLater.lineage().batch())).contains(redrivenDaysLater);
    }

    @Test
    void activityGroupsAppliedBatchesByStepWithFreshnessPercentiles() {
        store.prepare(List.of(TestSources.orders()));
        for (int n = 1; n <= 5; n++) {                  // received at T0 + n ms, aggregated at T0 + n s: n * 999 ms
            apply(store, entry(n), List.of());
        }
        apply(store, entry(75), List.of());

        List<Activity> activity = ledger.activity(T0, T0.plusSeconds(120), Duration.ofMinutes(1));

        assertThat(activity).hasSize(2);
        Activity first = activity.get(0);
        assertThat(first.from()).isEqualTo(T0);
        assertThat(first.batches()).isEqualTo(5);
        assertThat(first.records()).isEqualTo(15);
        assertThat(first.rejected()).isEqualTo(5);
        assertThat(first.freshnessP50()).isEqualTo(Duration.ofMillis(2997));
        assertThat(first.freshnessP99()).isEqualTo(Duration.ofMillis(4955)); // 3996 + 0.96 * 999, interpolated
        assertThat(activity.get(1).from()).isEqualTo(T0.plusSeconds(60));
        assertThat(activity.get(1).batches()).isEqualTo(1);
        assertThat(ledger.activity(T0.plusSeconds(200), T0.plusSeconds(300), Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void ledgerKeepsLineageOfBatchesNotYetFullyDescribed() {
        Lineage received = Lineage.received(batchId(7), ORDERS_SOURCE, T0, 3);
        AppliedBatch entry = new AppliedBatch(received, "raw/x", "staged/x", T0.plusSeconds(1));

        apply(store, entry, List.of());

        assertThat(ledgerRow(ledger, ORDERS_SOURCE, received.batch())).contains(entry);
    }
}
