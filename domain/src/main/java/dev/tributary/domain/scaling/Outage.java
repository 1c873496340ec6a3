package dev.tributary.domain.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A dependency of the pipeline (PostgreSQL, S3, SQS, a local queue's disk) found unavailable, and since when; the
 * consumers that need it wait it out instead of giving messages up (invariant 8).
 */
public record Outage(String dependency, Instant since) {
    public Outage {
        Objects.requireNonNull(dependency, "dependency");
        Objects.requireNonNull(since, "since");
    }

    /** How long it has lasted at {@code now} (zero if {@code now} is before {@link #since}). */
    public Duration lastedAt(Instant now) {
        Duration lasted = Duration.between(since, now);
        return lasted.isNegative() ? Duration.ZERO : lasted;
    }

    /** The earlier of two outages of the same dependency: the one that says since when it is really down. */
    public Outage earlier(Outage other) {
        if (!dependency.equals(other.dependency)) {
            throw new IllegalArgumentException("not the same dependency: " + dependency + ", " + other.dependency);
        }
        return other.since.isBefore(since) ? other : this;
    }
}
