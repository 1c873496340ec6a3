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
     * writes each row once however many of the batches touched it. Each row's states are merged once, all batches
     * at a time ({@link MeasureState#mergeAll}).
     */
    public static List<AggregateDelta> combine(List<AggregateDelta> deltas) {
        Map<AggregationSpec, Map<AggregateKey, List<List<MeasureState>>>> byRow = new LinkedHashMap<>();
        for (AggregateDelta delta : deltas) {
            Map<AggregateKey, List<List<MeasureState>>> rows = byRow.computeIfAbsent(delta.spec(),
                    s -> new LinkedHashMap<>());
            delta.rows().forEach((key, states) -> rows.computeIfAbsent(key, k -> new ArrayList<>()).add(states));
        }
        List<AggregateDelta> combined = new ArrayList<>(byRow.size());
        byRow.forEach((spec, rows) -> {
            Map<AggregateKey, List<MeasureState>> merged = new LinkedHashMap<>();
            rows.forEach((key, batches) -> merged.put(key, batches.size() == 1 ? batches.get(0) : mergeStates(batches)));
            combined.add(new AggregateDelta(spec, merged));
        });
        return combined;
    }

    private static List<MeasureState> mergeStates(List<List<MeasureState>> batches) {
        int measures = batches.get(0).size();
        List<MeasureState> merged = new ArrayList<>(measures);
        List<MeasureState> column = new ArrayList<>(batches.size());
        for (int i = 0; i < measures; i++) {
            column.clear();
            for (List<MeasureState> states : batches) {
                column.add(states.get(i));
            }
            merged.add(MeasureState.mergeAll(column));
        }
        return merged;
    }
}
