package dev.tributary.domain.aggregation;

import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RecordPosition;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeasureStateTest {
    private static MeasureState distinct(String... values) {
        return new MeasureState(values.length, BigDecimal.ZERO, null, null, Set.of(values));
    }

    @Test
    void aStateKeepsItsOwnCopyOfTheDistinctValuesItWasGiven() {
        Set<String> given = new HashSet<>(Set.of("a", "b"));
        MeasureState state = new MeasureState(2, BigDecimal.ZERO, null, null, given);
        given.add("c");
        assertThat(state.distinct()).containsExactlyInAnyOrder("a", "b");
        assertThatThrownBy(() -> state.distinct().add("d")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void mergingUnitesTheDistinctValuesIntoAReadOnlySet() {
        MeasureState merged = MeasureState.mergeAll(List.of(distinct("a", "b"), distinct("b", "c"), distinct(),
                distinct("d")));
        assertThat(merged.distinct()).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(merged.count()).isEqualTo(5);
        assertThat(merged).isEqualTo(distinct("a", "b", "c", "d").merge(new MeasureState(1, BigDecimal.ZERO, null,
                null, Set.of())));
        assertThatThrownBy(() -> merged.distinct().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> {
            var values = merged.distinct().iterator();
            values.next();
            values.remove();
        }).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void mergingWithStatesWithoutDistinctValuesKeepsTheOneSet() {
        MeasureState only = distinct("a", "b");
        MeasureState merged = MeasureState.mergeAll(List.of(distinct(), only, distinct()));
        assertThat(merged.distinct()).isSameAs(only.distinct());
        assertThat(MeasureState.mergeAll(List.of(distinct(), distinct())).distinct()).isEmpty();
    }

    @Test
    void aFoldedBatchHandsItsDistinctValuesOverReadOnly() {
        AggregationSpec spec = new AggregationSpec("t", "T", Bucket.DAY, List.of(),
                List.of(new Measure("customers", MeasureFunction.DISTINCT_COUNT, "customer", "customers")));
        Instant at = Instant.parse("2024-03-05T10:00:00Z");
        AggregateDelta delta = Aggregator.aggregate(spec, List.of(
                new CleanRecord(new RecordPosition(0), at, Map.of("customer", "c1")),
                new CleanRecord(new RecordPosition(1), at, Map.of("customer", "c2")),
                new CleanRecord(new RecordPosition(2), at, Map.of("customer", "c1"))));
        Set<String> values = delta.rows().values().iterator().next().get(0).distinct();
        assertThat(values).containsExactlyInAnyOrder("c1", "c2").isEqualTo(Set.of("c1", "c2"));
        assertThat(values.hashCode()).isEqualTo(Set.of("c1", "c2").hashCode());
        assertThatThrownBy(() -> values.add("c3")).isInstanceOf(UnsupportedOperationException.class);
    }
}
