package dev.tributary.domain.aggregation;

import dev.tributary.domain.record.CleanRecord;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Folds a batch's clean records into one {@link AggregateDelta} per aggregation. Pure and deterministic. */
public final class Aggregator {
    private Aggregator() {
    }

    public static AggregateDelta aggregate(AggregationSpec spec, List<CleanRecord> records) {
        Map<AggregateKey, List<MeasureState>> rows = new LinkedHashMap<>();
        for (CleanRecord record : records) {
            AggregateKey key = keyOf(spec, record);
            List<MeasureState> states = rows.computeIfAbsent(key,
                    k -> new ArrayList<>(Collections.nCopies(spec.measures().size(), MeasureState.EMPTY)));
            for (int i = 0; i < spec.measures().size(); i++) {
                Measure measure = spec.measures().get(i);
                states.set(i, fold(states.get(i), measure, record));
            }
        }
        return new AggregateDelta(spec, rows);
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

    private static MeasureState fold(MeasureState state, Measure measure, CleanRecord record) {
        if (measure.function() == MeasureFunction.COUNT) {
            return state.plus(null, null);
        }
        Object value = record.get(measure.field());
        if (value == null) {
            return state; // a missing optional value is not counted by sum/avg/min/max/distinct
        }
        if (measure.function() == MeasureFunction.DISTINCT_COUNT) {
            return state.plus(null, text(value));
        }
        return state.plus(number(value), null);
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
