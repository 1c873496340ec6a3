package dev.tributary.application.usecase;

import dev.tributary.application.refusal.RateLimitedException;
import dev.tributary.domain.ratelimit.RateLimitPolicy;
import dev.tributary.domain.ratelimit.TokenBucket;
import dev.tributary.domain.source.SourceName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per source in this process (invariant 1: a source over its rate gets 429 with Retry-After). On AWS
 * each ingest task holds its own buckets, and API Gateway's per-route throttling is the outer limit.
 */
public final class RateLimits {
    private final RateLimitPolicy everySource;
    private final Map<SourceName, RateLimitPolicy> bySource;
    private final LongSupplier nanoTime;
    private final Map<SourceName, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** {@code bySource} overrides {@code everySource} for the sources it names. */
    public RateLimits(RateLimitPolicy everySource, Map<SourceName, RateLimitPolicy> bySource, LongSupplier nanoTime) {
        this.everySource = everySource;
        this.bySource = Map.copyOf(bySource);
        this.nanoTime = nanoTime;
    }

    /** No limit: for tests and tools that feed the service directly. */
    public static RateLimits none() {
        return new RateLimits(new RateLimitPolicy(Double.MAX_VALUE, Integer.MAX_VALUE), Map.of(), () -> 0L);
    }

    public RateLimitPolicy policy(SourceName source) {
        return bySource.getOrDefault(source, everySource);
    }

    /** Takes a token for one post of {@code source}, or refuses it with when to retry. */
    public void take(SourceName source) {
        TokenBucket bucket = buckets.computeIfAbsent(source, s -> policy(s).bucket(nanoTime.getAsLong()));
        Optional<Duration> wait;
        synchronized (bucket) {
            wait = bucket.take(nanoTime.getAsLong());
        }
        if (wait.isPresent()) {
            RateLimitPolicy p = policy(source);
            throw new RateLimitedException("source '" + source + "' takes at most " + format(p.perSecond())
                    + " posts per second (bursts of " + p.burst() + "); retry in " + wait.get().toSeconds() + " s",
                    wait.get());
        }
    }

    private static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }
}
