package dev.tributary.domain.scaling;

import java.time.Duration;
import java.util.Objects;

/**
 * A queue's backlog as the dashboard and the scaling policy see it: messages waiting, messages received but not yet
 * acknowledged, the age of the oldest waiting message and how many were given up to the dead-letter queue.
 */
public record QueueStats(long waiting, long inFlight, Duration oldestAge, long deadLetters) {
    public static final QueueStats EMPTY = new QueueStats(0, 0, Duration.ZERO, 0);

    public QueueStats {
        Objects.requireNonNull(oldestAge, "oldestAge");
    }
}
