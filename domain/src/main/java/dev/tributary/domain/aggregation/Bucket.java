package dev.tributary.domain.aggregation;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The time grain of an aggregation; buckets start on UTC boundaries and name the table's time column. Declared from
 * fine to coarse: rows of a bucket roll up exactly into any coarser one, since each coarser bucket is a whole number
 * of finer ones.
 */
public enum Bucket {
    MINUTE(ChronoUnit.MINUTES), HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    Bucket(ChronoUnit unit) {
        this.unit = unit;
    }

    public Instant start(Instant at) {
        return at.truncatedTo(unit);
    }

    /** The start of the next bucket: a bucket covers [start, end). */
    public Instant end(Instant at) {
        return start(at).plus(unit.getDuration());
    }

    /** The first bucket start at or after {@code at}: a bucket starts in [from, to) exactly when it starts in [startOnOrAfter(from), startOnOrAfter(to)). */
    public Instant startOnOrAfter(Instant at) {
        Instant start = start(at);
        return start.equals(at) ? start : start.plus(unit.getDuration());
    }

    /** How long one bucket lasts (a UTC day is always 24 hours). */
    public Duration length() {
        return unit.getDuration();
    }

    /** This bucket and every coarser one: what rows of this bucket can be rolled up to, finest first. */
    public List<Bucket> rollUps() {
        return Arrays.stream(values()).filter(b -> b.compareTo(this) >= 0).toList();
    }

    /** The time column's name in the aggregate table: minute, hour or day. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Bucket> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(b -> b.name().equals(n)).findFirst();
    }
}
