package dev.tributary.application.refusal;

import java.time.Duration;

/** A source posted faster than its rate limit allows; {@link #retryAfter()} says when a post will be taken again. */
public class RateLimitedException extends RuntimeException {
    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
