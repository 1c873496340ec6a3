package dev.tributary.application.refusal;

import dev.tributary.domain.aggregation.Bucket;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A query asked for a bucket the aggregation's rows cannot be rolled up to: one finer than the aggregation counts
 * in (an hour's rows cannot be split into minutes), or no bucket at all.
 */
public class UnsupportedBucketException extends RuntimeException {
    private UnsupportedBucketException(String message) {
        super(message);
    }

    public UnsupportedBucketException(String aggregation, Bucket declared, Bucket requested) {
        this("aggregation '" + aggregation + "' counts per " + declared.column() + ", so it can be read per "
                + names(declared.rollUps()) + ", not per " + requested.column());
    }

    /** A bucket name that is none of minute, hour and day (not repeated: it is whatever the caller sent). */
    public static UnsupportedBucketException unknown() {
        return new UnsupportedBucketException("a bucket is " + names(List.of(Bucket.values())));
    }

    private static String names(List<Bucket> buckets) {
        List<String> names = buckets.stream().map(Bucket::column).toList();
        return names.size() == 1 ? names.get(0)
                : names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", "))
                + " or " + names.get(names.size() - 1);
    }
}
