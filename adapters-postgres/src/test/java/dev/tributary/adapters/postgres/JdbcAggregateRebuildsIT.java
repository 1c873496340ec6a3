package dev.tributary.adapters.postgres;

import dev.tributary.application.TestSources;
import dev.tributary.application.port.out.AggregateRebuilds;
import dev.tributary.domain.aggregation.TableDiff;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AggregateStore.BatchDeltas;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.AppliedBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tributary.application.port.out.StoreFixtures.ORDERS;
import static dev.tributary.application.port.out.StoreFixtures.ORDERS_SOURCE;
import static dev.tributary.application.port.out.StoreFixtures.apply;
import static dev.tributary.application.port.out.StoreFixtures.entry;
import static dev.tributary.application.port.out.StoreFixtures.order;
import static dev.tributary.application.port.out.StoreFixtures.orders;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebuilds against a real PostgreSQL: the switched-over table equals, row for row and for every kind of measure, the
 * table of a fresh store that received the same batches under the new rules, also with a batch the live aggregator
 * applied during the rebuild; a dry run leaves everything as it was; a rebuild cut off resumes.
 */
class JdbcAggregateRebuildsIT {
    @RegisterExtension
    static final EmptySchema SCHEMA = new EmptySchema();
    private static final String ID = "0123456789abcdef";

    private DataSource dataSource;
    private AggregateStore store;
    private JdbcAggregateRebuilds rebuilds;

    @BeforeEach
    void freshDatabase() {
        dataSource = SCHEMA.fresh();
        store = SCHEMA.store();
        rebuilds = new JdbcAggregateRebuilds(SCHEMA.transactions());
        store.prepare(List.of(TestSources.orders()));
    }

    /** Batch n under the old rules (amounts as sent) and under the new (amounts doubled, orders under 5 dropped). */
    private static List<AggregateDelta> oldRules(int n) {
        return List.of(orders(order(n, "DE", "4", "alice"), order(n + 1, "FR", String.valueOf(10 + n), "bob"),
                order(61 + n, "DE", "7.5", "carol-" + n)));
    }

    private static List<AggregateDelta> newRules(int n) {
        return List.of(orders(order(n + 1, "FR", String.valueOf(2 * (10 + n)), "bob"),
                order(61 + n, "DE", "15", "carol-" + n)));
    }

    /** Batch n as rebuilt under the new rules, whose version it carries. */
    private static BatchDeltas batch(int n, List<AggregateDelta> deltas) {
        AppliedBatch e = entry(n);
        return new BatchDeltas(new AppliedBatch(e.lineage(), e.rawObject(), e.stagedObject(), e.aggregatedAt(),
                e.events(), "feedc0ffee00"), deltas);
    }

    @Test
    void theSwitchedTableIsWhatAFreshStoreHoldsUnderTheNewRulesWithLiveBatchesCountedOnce() throws SQLException {
        for (int n = 1; n <= 3; n++) {
            apply(store, entry(n), oldRules(n));
        }
        assertThat(rebuilds.open(ID, TestSources.orders(), List.of(ORDERS))).isEmpty();
        assertThat(rebuilds.missing(ID, ORDERS_SOURCE, 10)).extracting(m -> m.batch().toString())
                .containsExactly(entry(1).lineage().batch().toString(), entry(2).lineage().batch().toString(),
                        entry(3).lineage().batch().toString());
        assertThat(rebuilds.missing(ID, ORDERS_SOURCE, entry(1).lineage().batch(), 1))
                .extracting(m -> m.batch().toString())        // the next page while batch 1 is not added yet
                .containsExactly(entry(2).lineage().batch().toString());
        rebuilds.add(ID, List.of(ORDERS), List.of(batch(1, newRules(1))));
        // bob's FR hour again, from another group: the value the first group wrote is not sent, and counts once
        rebuilds.add(ID, List.of(ORDERS), List.of(batch(2, newRules(2))));
        rebuilds.add(ID, List.of(ORDERS), List.of(batch(2, newRules(2))));   // done already: not added twice
        apply(store, entry(4), newRules(4));          // live traffic during the rebuild, already under the new rules

        AggregateRebuilds.Switched switched = rebuilds.switchOver(ID, ORDERS_SOURCE, List.of(ORDERS),
                late -> late.stream().map(m -> m.batch().equals(entry(3).lineage().batch()) ? batch(3, newRules(3))
                        : batch(4, newRules(4))).toList());

        assertThat(switched.caughtUp()).isEqualTo(2);
        TableDiff diff = switched.tables().get(0);
        assertThat(diff.changed()).isPositive();
        assertThat(diff.removed()).isOne();        // hour 10 in DE held only the orders under 5 the new rules drop
        assertThat(diff.examples()).isNotEmpty().allMatch(e -> e.contains("country="));
        Map<String, AggregateTable> replayed = everyView();
        assertThat(definitionVersions()).containsOnly("feedc0ffee00");
        assertThat(schemas()).noneMatch(s -> s.startsWith("replay_"));

        dataSource = SCHEMA.fresh();                   // the fresh pipeline: the same batches, the new rules only
        store = SCHEMA.store();
        store.prepare(List.of(TestSources.orders()));
        for (int n = 1; n <= 4; n++) {
            apply(store, entry(n), newRules(n));
        }
        assertThat(replayed).isEqualTo(everyView());
    }

    @Test
    void eachMeasureIsTakenOverTheWholeTableAsItsFunctionCombinesRows() {
        // alice orders in two countries' rows: the distinct count is summed over them, as the report says
        apply(store, entry(1), List.of(orders(order(1, "DE", "4", "alice"), order(2, "FR", "6", "alice"),
                order(61, "DE", "10", "bob"))));
        rebuilds.open(ID, TestSources.orders(), List.of(ORDERS));
        rebuilds.add(ID, List.of(ORDERS), List.of(batch(1, List.of(orders(order(1, "DE", "8", "alice"),
                order(61, "DE", "20", "bob"))))));

        TableDiff diff = rebuilds.diff(ID, List.of(ORDERS)).get(0);
        rebuilds.discard(ID, List.of(ORDERS));

        assertThat(diff.totalsBefore().keySet()).containsExactly("orders", "revenue", "average_order",
                "largest_order", "smallest_order", "customers");
        assertThat(diff.functions()).containsEntry("average_order", MeasureFunction.AVG)
                .containsEntry("customers", MeasureFunction.DISTINCT_COUNT);
        assertThat(diff.totalsBefore()).satisfies(before -> {
            assertThat(before.get("orders")).isEqualByComparingTo("3");
            assertThat(before.get("revenue")).isEqualByComparingTo("20");
            assertThat(before.get("average_order").setScale(4, RoundingMode.HALF_UP)).isEqualByComparingTo("6.6667");
            assertThat(before.get("largest_order")).isEqualByComparingTo("10");
            assertThat(before.get("smallest_order")).isEqualByComparingTo("4");
            assertThat(before.get("customers")).isEqualByComparingTo("3");
        });
        assertThat(diff.totalsAfter()).satisfies(after -> {
            assertThat(after.get("orders")).isEqualByComparingTo("2");
            assertThat(after.get("revenue")).isEqualByComparingTo("28");
            assertThat(after.get("average_order")).isEqualByComparingTo("14");
            assertThat(after.get("largest_order")).isEqualByComparingTo("20");
            assertThat(after.get("smallest_order")).isEqualByComparingTo("8");
            assertThat(after.get("customers")).isEqualByComparingTo("2");
        });
    }

    @Test
    void aDryRunReportsTheDifferenceAndLeavesEverythingAsItWas() {
        apply(store, entry(1), oldRules(1));
        AggregateTable before = store.query(ORDERS, AggregateQuery.latest(100));
        rebuilds.open(ID, TestSources.orders(), List.of(ORDERS));
        rebuilds.add(ID, List.of(ORDERS), List.of(batch(1, newRules(1))));

        TableDiff diff = rebuilds.diff(ID, List.of(ORDERS)).get(0);
        rebuilds.discard(ID, List.of(ORDERS));

        assertThat(diff.rowsBefore()).isEqualTo(3);
        assertThat(diff.rowsAfter()).isEqualTo(2);
        assertThat(diff.removed()).isOne();
        assertThat(diff.totalsBefore().get("orders")).isEqualByComparingTo("3");
        assertThat(diff.totalsAfter().get("orders")).isEqualByComparingTo("2");
        assertThat(store.query(ORDERS, AggregateQuery.latest(100))).isEqualTo(before);
    }

    @Test
    void aRebuildCutOffResumesWithWhatItHadAndEndsAsAnUninterruptedOne() throws SQLException {
        for (int n = 1; n <= 3; n++) {
            apply(store, entry(n), oldRules(n));
        }
        rebuilds.open(ID, TestSources.orders(), List.of(ORDERS));
        rebuilds.add(ID, List.of(ORDERS), List.of(batch(1, newRules(1))));

        JdbcAggregateRebuilds afterCrash = new JdbcAggregateRebuilds(SCHEMA.transactions());
        assertThat(afterCrash.open(ID, TestSources.orders(), List.of(ORDERS)))
                .containsExactly(entry(1).lineage().batch());
        afterCrash.add(ID, List.of(ORDERS), List.of(batch(1, newRules(1)), batch(2, newRules(2)))); // 1 again: skipped
        afterCrash.switchOver(ID, ORDERS_SOURCE, List.of(ORDERS),
                late -> late.stream().map(m -> batch(3, newRules(3))).toList());
        Map<String, AggregateTable> resumed = everyView();

        dataSource = SCHEMA.fresh();
        store = SCHEMA.store();
        store.prepare(List.of(TestSources.orders()));
        for (int n = 1; n <= 3; n++) {
            apply(store, entry(n), newRules(n));
        }
        assertThat(resumed).isEqualTo(everyView());
    }

    /** The table as stored and rolled up to days: counts, sums, averages, extremes and distinct counts. */
    private Map<String, AggregateTable> everyView() {
        return Map.of("hours", store.query(ORDERS, AggregateQuery.latest(100)),
                "days", store.query(ORDERS, new AggregateQuery(Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"),
                        Map.of(), 100, Optional.of(Bucket.DAY))));
    }

    private List<String> definitionVersions() throws SQLException {
        return strings("SELECT DISTINCT definition_version FROM tributary.applied_batches");
    }

    private List<String> schemas() throws SQLException {
        return strings("SELECT nspname FROM pg_namespace");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
