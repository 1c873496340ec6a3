package dev.tributary.domain.ratelimit;

/**
 * How fast one source may post: {@code perSecond} requests on average, with bursts of up to {@code burst} requests
 * (a token bucket of {@code burst} tokens refilled at {@code perSecond}). The same two numbers API Gateway's route
 * throttling takes, so the outer and the inner limit read alike.
 */
public record RateLimitPolicy(double perSecond, int burst) {

    public RateLimitPolicy {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("a rate limit needs a positive rate per second, got " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a burst of at least 1, got " + burst);
        }
    }

    /** A new, full bucket for one source. */
    public TokenBucket bucket(long nowNanos) {
        return new TokenBucket(this, nowNanos);
    }
}
