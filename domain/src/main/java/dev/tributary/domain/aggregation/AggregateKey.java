package dev.tributary.domain.aggregation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One row of an aggregate table: the bucket's start and the dimension values, in the spec's order. */
public record AggregateKey(Instant bucketStart, List<String> dimensionValues) {
    /** The dimension value used when a record has none, so it is still counted and visible. */
    public static final String NONE = "(none)";

    public AggregateKey {
        Objects.requireNonNull(bucketStart, "bucketStart");
        dimensionValues = List.copyOf(Objects.requireNonNull(dimensionValues, "dimensionValues"));
    }
}
