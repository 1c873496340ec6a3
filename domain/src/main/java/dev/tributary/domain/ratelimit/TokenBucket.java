package dev.tributary.domain.ratelimit;

import java.time.Duration;
import java.util.Optional;

/**
 * One source's bucket under a {@link RateLimitPolicy}. Time comes in as a monotonic nanosecond reading, so the
 * bucket is exact under test and never confused by a wall clock stepping back. Not thread-safe: its owner locks.
 */
public final class TokenBucket {
    private final RateLimitPolicy policy;
    private double tokens;
    private long lastNanos;

    TokenBucket(RateLimitPolicy policy, long nowNanos) {
        this.policy = policy;
        this.tokens = policy.burst();
        this.lastNanos = nowNanos;
    }

    /**
     * Takes one token for a request arriving at {@code nowNanos}: empty when the request may go ahead, else how long
     * until a token will be there (whole seconds, at least one, as {@code Retry-After} says it).
     */
    public Optional<Duration> take(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return Optional.empty();
        }
        double secondsToOne = (1 - tokens) / policy.perSecond();
        return Optional.of(Duration.ofSeconds(Math.max(1, (long) Math.ceil(secondsToOne))));
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(policy.burst(), tokens + elapsed / 1e9 * policy.perSecond());
            lastNanos = nowNanos;
        }
    }
}
