package dev.tributary.domain.aggregation;

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
}
