package dev.tributary.application.port.out;

import dev.tributary.application.TestSources;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Aggregator;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.EventRange;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.source.SourceName;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches, records and ledger rows the {@link AggregateStore} and {@link AppliedBatchLedger} contracts and the
 * adapters' own tests share.
 */
public final class StoreFixtures {
    public static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    public static final AggregationSpec ORDERS = TestSources.ordersPerHourByCountry();
    public static final SourceName ORDERS_SOURCE = new SourceName("orders");

    private StoreFixtures() {
    }

    /** An order placed {@code minutesAfterT0} after 10:00; null country/amount/customer are missing values. */
    public static CleanRecord order(int minutesAfterT0, String country, String amount, String customer) {
        Map<String, Object> values = new HashMap<>();
        values.put("order_id", "o-" + UUID.randomUUID());
        values.put("ordered_at", T0.plusSeconds(60L * minutesAfterT0));
        if (country != null) {
            values.put("country", country);
        }
        if (amount != null) {
            values.put("amount", new BigDecimal(amount));
        }
        if (customer != null) {
            values.put("customer", customer);
        }
        return new CleanRecord(new RecordPosition(0), T0.plusSeconds(60L * minutesAfterT0), values);
    }

    /** A click {@code minutesAfterT0} after 10:00. */
    public static CleanRecord click(int minutesAfterT0, String page, String device) {
        Instant at = T0.plusSeconds(60L * minutesAfterT0);
        return new CleanRecord(new RecordPosition(0), at, Map.of("page", page, "device", device, "clicked_at", at));
    }

    public static AggregateDelta orders(CleanRecord... records) {
        return Aggregator.aggregate(ORDERS, List.of(records));
    }

    public static dev.tributary.domain.aggregation.MeasureState countOf(int n) {
        var state = dev.tributary.domain.aggregation.MeasureState.EMPTY;
        for (int i = 0; i < n; i++) {
            state = state.plus(null, null);
        }
        return state;
    }

    /** A UUIDv7 whose timestamp is T0 + n ms, so ids sort by n. */
    public static BatchId batchId(int n) {
        long millis = T0.toEpochMilli() + n;
        return new BatchId(new UUID((millis << 16) | 0x7000L | (n & 0xfff), 0x8000_0000_0000_0000L | n));
    }

    public static AppliedBatch entry(int n) {
        return entry(n, ORDERS_SOURCE);
    }

    /** A fully described batch n, aggregated n seconds after T0 (millisecond times: PostgreSQL keeps microseconds). */
    public static AppliedBatch entry(int n, SourceName source) {
        BatchId id = batchId(n);
        Lineage lineage = Lineage.received(id, source, T0.plusMillis(n), 3)
                .rawWritten(T0.plusMillis(n + 20))
                .transformed(T0.plusMillis(n + 40), 2, 1)
                .staged(T0.plusMillis(n + 60), 1);
        return new AppliedBatch(lineage, "raw/source=" + source + "/" + id + ".ndjson",
                "staged/source=" + source + "/" + id + ".parquet", T0.plusSeconds(n));
    }

    /** A batch of {@code source} received at {@code receivedAt} whose events span the given times of T0's day (HH:mm). */
    public static AppliedBatch eventEntry(int n, SourceName source, Instant receivedAt, String first,
                                                      String last) {
        BatchId id = batchId(n);
        Lineage lineage = Lineage.received(id, source, receivedAt, 3).rawWritten(receivedAt.plusMillis(20))
                .transformed(receivedAt.plusMillis(40), 2, 1).staged(receivedAt.plusMillis(60), 1);
        return new AppliedBatch(lineage, "raw/source=" + source + "/" + id + ".ndjson",
                "staged/source=" + source + "/" + id + ".parquet", receivedAt.plusSeconds(1),
                first == null ? null : new EventRange(at(first), at(last)));
    }

    public static AppliedBatch eventEntry(int n, Instant receivedAt, String first, String last) {
        return eventEntry(n, ORDERS_SOURCE, receivedAt, first, last);
    }

    public static Instant at(String hourMinute) {
        return Instant.parse("2025-03-01T" + hourMinute + ":00Z");
    }

    public static Map<String, Object> row(AggregateTable table, int index) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < table.columns().size(); i++) {
            row.put(table.columns().get(i), table.rows().get(index).get(i));
        }
        return row;
    }

    public static void assertDecimal(Object actual, String expected) {
        assertThat(actual).isInstanceOf(BigDecimal.class);
        assertThat((BigDecimal) actual).isEqualByComparingTo(expected);
    }

    /**
     * The ledger row of {@code batch}, as the lineage reads see it: every row of the source is a candidate of an
     * unbounded range, except a batch known to have had no clean record and no event times.
     */
    public static Optional<AppliedBatch> ledgerRow(AppliedBatchLedger ledger, SourceName source, BatchId batch) {
        Instant end = Instant.parse("9999-12-31T00:00:00Z");
        return ledger.withEventsBetween(source, Instant.EPOCH, end, end, 10_000).stream()
                .filter(e -> e.lineage().batch().equals(batch)).findFirst();
    }

    /** One batch through {@link AggregateStore#applyAll}: its ledger row and deltas in one transaction. */
    public static LedgerOutcome apply(AggregateStore store, AppliedBatch entry, List<AggregateDelta> deltas) {
        return store.applyAll(List.of(new AggregateStore.BatchDeltas(entry, deltas))).get(0);
    }
}
