package dev.tributary.domain.aggregation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The time grain of an aggregation; buckets start on UTC boundaries and name the table's time column. */
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
