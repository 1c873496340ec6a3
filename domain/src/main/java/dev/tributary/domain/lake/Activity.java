package dev.tributary.domain.lake;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What reached the aggregates in one time bucket: batches, their records (as received and rejected) and freshness. */
public record Activity(Instant from, long batches, long records, long rejected, Duration freshnessP50,
                Duration freshnessP99) {
    public Activity {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(freshnessP50, "freshnessP50");
        Objects.requireNonNull(freshnessP99, "freshnessP99");
    }
}
