package dev.tributary.domain.aggregation;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A measure's partial result over one batch for one row: how many values it saw, their sum, min and max, and
 * (for distinct counts) the distinct values themselves, so the store can merge batches exactly. The distinct values
 * are a set without order (a hash set: merging the batches of a group costs a lookup per value, where a sorted set
 * paid a tree insert); a store that needs an order sorts what it sends.
 */
public record MeasureState(long count, BigDecimal sum, BigDecimal min, BigDecimal max, Set<String> distinct) {
    public MeasureState {
        Objects.requireNonNull(sum, "sum");
        distinct = DistinctValues.of(Objects.requireNonNull(distinct, "distinct"));
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
    }

    public static final MeasureState EMPTY = new MeasureState(0, BigDecimal.ZERO, null, null, Set.of());

    /** Folds one value in; {@code number} is null for counts and distinct counts of non-numbers. */
    public MeasureState plus(BigDecimal number, String distinctValue) {
        Set<String> d = distinct;
        if (distinctValue != null) {
            d = new HashSet<>(distinct);
            d.add(distinctValue);
        }
        if (number == null) {
            return new MeasureState(count + 1, sum, min, max, d);
        }
        return new MeasureState(count + 1, sum.add(number),
                min == null || number.compareTo(min) < 0 ? number : min,
                max == null || number.compareTo(max) > 0 ? number : max, d);
    }

    /** Merges two partial results of the same measure and row. */
    public MeasureState merge(MeasureState other) {
        return mergeAll(List.of(this, other));
    }

    /**
     * Merges partial results of the same measure and row in one pass: one distinct set filled once, where merging
     * pairwise would copy the growing set per state (quadratic when a transaction combines many batches).
     */
    public static MeasureState mergeAll(List<MeasureState> states) {
        long count = 0;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal min = null;
        BigDecimal max = null;
        Set<String> largest = Set.of();
        int values = 0;
        for (MeasureState s : states) {
            count += s.count;
            sum = sum.add(s.sum);
            min = min == null ? s.min : s.min == null ? min : min.min(s.min);
            max = max == null ? s.max : s.max == null ? max : max.max(s.max);
            largest = s.distinct.size() > largest.size() ? s.distinct : largest;
            values += s.distinct.size();
        }
        return new MeasureState(count, sum, min, max, values == largest.size() ? largest : union(states, values));
    }

    private static Set<String> union(List<MeasureState> states, int values) {
        HashSet<String> union = new HashSet<>(values * 4 / 3 + 1);
        for (MeasureState s : states) {
            union.addAll(s.distinct);
        }
        return DistinctValues.handedOver(union);
    }
}
