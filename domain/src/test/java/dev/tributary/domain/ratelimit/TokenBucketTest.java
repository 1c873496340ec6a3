package dev.tributary.domain.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketLetsABurstThroughThenRefuses() {
        TokenBucket bucket = new RateLimitPolicy(10, 3).bucket(0);

        assertThat(bucket.take(0)).isEmpty();
        assertThat(bucket.take(0)).isEmpty();
        assertThat(bucket.take(0)).isEmpty();
        assertThat(bucket.take(0)).contains(Duration.ofSeconds(1));
    }

    @Test
    void refillsAtTheRateAndNeverBeyondTheBurst() {
        TokenBucket bucket = new RateLimitPolicy(2, 2).bucket(0);
        bucket.take(0);
        bucket.take(0);

        assertThat(bucket.take(SECOND / 2)).isEmpty();                 // one token back after half a second
        assertThat(bucket.take(SECOND / 2)).isPresent();
        assertThat(new RateLimitPolicy(2, 2).bucket(0).take(100 * SECOND)).isEmpty();
        TokenBucket idle = new RateLimitPolicy(2, 2).bucket(0);
        idle.take(100 * SECOND);
        idle.take(100 * SECOND);
        assertThat(idle.take(100 * SECOND)).as("a long idle time still holds only the burst").isPresent();
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheNextToken() {
        TokenBucket slow = new RateLimitPolicy(0.25, 1).bucket(0);   // one request every four seconds
        slow.take(0);

        assertThat(slow.take(SECOND)).contains(Duration.ofSeconds(3));
    }

    @Test
    void aClockReadingFromBeforeTheLastOneAddsNothing() {
        TokenBucket bucket = new RateLimitPolicy(1, 1).bucket(10 * SECOND);
        bucket.take(10 * SECOND);

        assertThat(bucket.take(5 * SECOND)).isPresent();
    }

    @Test
    void refusesPoliciesThatCannotLetAnythingThrough() {
        assertThatThrownBy(() -> new RateLimitPolicy(0, 1)).hasMessageContaining("positive rate");
        assertThatThrownBy(() -> new RateLimitPolicy(Double.NaN, 1)).hasMessageContaining("positive rate");
        assertThatThrownBy(() -> new RateLimitPolicy(1, 0)).hasMessageContaining("burst");
    }
}
