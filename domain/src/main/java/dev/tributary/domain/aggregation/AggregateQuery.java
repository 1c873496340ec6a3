package dev.tributary.domain.aggregation;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Buckets starting in [from, to), rows whose dimension columns equal the given values, at most {@code limit} rows,
 * per {@code bucket} (empty: the aggregation's own bucket). With a coarser bucket, range and limit apply to the
 * rolled-up rows, so a day that starts before {@code from} is left out rather than shown in part.
 */
public record AggregateQuery(Instant from, Instant to, Map<String, String> dimensions, int limit,
                      Optional<Bucket> bucket) {
    public AggregateQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        dimensions = Map.copyOf(Objects.requireNonNull(dimensions, "dimensions"));
        Objects.requireNonNull(bucket, "bucket");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
    }

    /** At the aggregation's own bucket. */
    public AggregateQuery(Instant from, Instant to, Map<String, String> dimensions, int limit) {
        this(from, to, dimensions, limit, Optional.empty());
    }

    public static AggregateQuery latest(int limit) {
        return new AggregateQuery(Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z"), Map.of(), limit);
    }

    /** The same query rolled up to {@code coarser}. */
    public AggregateQuery per(Bucket coarser) {
        return new AggregateQuery(from, to, dimensions, limit, Optional.of(coarser));
    }

    /** The bucket rows come in for {@code spec}; refuses one finer than the aggregation's own. */
    public Bucket bucketOf(AggregationSpec spec) {
        Bucket b = bucket.orElse(spec.bucket());
        if (b.compareTo(spec.bucket()) < 0) {
            throw new IllegalArgumentException("aggregation '" + spec.table() + "' counts per "
                    + spec.bucket().column() + " and cannot be read per " + b.column());
        }
        return b;
    }
}
