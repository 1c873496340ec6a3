package dev.tributary.domain.aggregation;

import dev.tributary.domain.record.CleanRecord;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Folds a batch's clean records into one {@link AggregateDelta} per aggregation. Pure and deterministic. */
public final class Aggregator {
    private Aggregator() {
    }

    public static AggregateDelta aggregate(AggregationSpec spec, List<CleanRecord> records) {
        List<Measure> measures = spec.measures();
        Map<AggregateKey, Accumulator[]> rows = new LinkedHashMap<>();
        for (CleanRecord record : records) {
            Accumulator[] row = rows.computeIfAbsent(keyOf(spec, record), k -> Accumulator.row(measures.size()));
            for (int i = 0; i < measures.size(); i++) {
                row[i].fold(measures.get(i), record);
            }
        }
        Map<AggregateKey, List<MeasureState>> states = new LinkedHashMap<>();
        rows.forEach((key, row) -> states.put(key, Arrays.stream(row).map(Accumulator::state).toList()));
        return new AggregateDelta(spec, states);
    }

    /**
     * A measure's state while a batch is folded, mutable so that a distinct value costs one set insert: folding
     * through {@link MeasureState#plus} copies the distinct set per record, quadratic in a row's distinct values.
     */
    private static final class Accumulator {
        private long count;
        private BigDecimal sum = BigDecimal.ZERO;
        private BigDecimal min;
        private BigDecimal max;
        private final HashSet<String> distinct = new HashSet<>();

        static Accumulator[] row(int measures) {
            Accumulator[] row = new Accumulator[measures];
            for (int i = 0; i < measures; i++) {
                row[i] = new Accumulator();
            }
            return row;
        }

        void fold(Measure measure, CleanRecord record) {
            if (measure.function() == MeasureFunction.COUNT) {
                count++;
                return;
            }
            Object value = record.get(measure.field());
            if (value == null) {
                return; // a missing optional value is not counted by sum/avg/min/max/distinct
            }
            count++;
            if (measure.function() == MeasureFunction.DISTINCT_COUNT) {
                distinct.add(text(value));
                return;
            }
            BigDecimal number = number(value);
            sum = sum.add(number);
            min = min == null || number.compareTo(min) < 0 ? number : min;
            max = max == null || number.compareTo(max) > 0 ? number : max;
        }

        /** Once, when the batch is folded: the distinct values become the state's. */
        MeasureState state() {
            return new MeasureState(count, sum, min, max, DistinctValues.handedOver(distinct));
        }
    }

    private static AggregateKey keyOf(AggregationSpec spec, CleanRecord record) {
        Instant bucket = spec.bucket().start(record.eventTime());
        List<String> values = new ArrayList<>(spec.dimensions().size());
        for (Dimension d : spec.dimensions()) {
            Object v = record.get(d.field());
            values.add(v == null ? AggregateKey.NONE : text(v));
        }
        return new AggregateKey(bucket, values);
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        throw new IllegalArgumentException("not a number: " + value.getClass().getSimpleName());
    }

    private static String text(Object value) {
        return value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(value);
    }
}
