package dev.tributary.domain.aggregation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one batch adds to one aggregation: per row, one {@link MeasureState} per measure (in the spec's order).
 * The store merges it into the table; the ledger makes sure that happens once per batch.
 */
public record AggregateDelta(AggregationSpec spec, Map<AggregateKey, List<MeasureState>> rows) {
    public AggregateDelta {
        Objects.requireNonNull(spec, "spec");
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(rows, "rows")));
        rows.forEach((key, states) -> {
            if (key.dimensionValues().size() != spec.dimensions().size() || states.size() != spec.measures().size()) {
                throw new IllegalArgumentException("row shape does not match aggregation '" + spec.table() + "'");
            }
        });
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * The deltas of several batches as one delta per aggregation (first seen first), rows merged exactly, so a store
     * writes each row once however many of the batches touched it.
     */
    public static List<AggregateDelta> combine(List<AggregateDelta> deltas) {
        Map<AggregationSpec, Map<AggregateKey, List<MeasureState>>> merged = new LinkedHashMap<>();
        for (AggregateDelta delta : deltas) {
            Map<AggregateKey, List<MeasureState>> rows = merged.computeIfAbsent(delta.spec(), s -> new LinkedHashMap<>());
            delta.rows().forEach((key, states) -> rows.merge(key, states, AggregateDelta::mergeStates));
        }
        return merged.entrySet().stream().map(e -> new AggregateDelta(e.getKey(), e.getValue())).toList();
    }

    private static List<MeasureState> mergeStates(List<MeasureState> a, List<MeasureState> b) {
        List<MeasureState> merged = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            merged.add(a.get(i).merge(b.get(i)));
        }
        return merged;
    }
}
