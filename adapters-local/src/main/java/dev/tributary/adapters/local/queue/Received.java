package dev.tributary.adapters.local.queue;

import java.util.Objects;

/**
 * One delivery of a queued message: its body, how many times it has been received (1 on first delivery) and the
 * receipt that acknowledges it.
 */
public record Received<T>(T body, int attempt, String receipt) {
    public Received {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receipt, "receipt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
    }
}
