package dev.tributary.bootstrap.http;

import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.application.refusal.RateLimitedException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The two refusals a producer should retry say when: 429 over the rate, 503 when the queue cannot take the batch. */
class RetryAfterTest {

    @Test
    void aSourceOverItsRateGets429WithTheSecondsTheBucketNeeds() {
        HttpResponse<Problem> response = new ProblemJsonHandlers.RateLimited().handle(HttpRequest.POST("/ingest/orders", ""),
                new RateLimitedException("source 'orders' takes at most 5 posts per second", Duration.ofSeconds(2)));

        assertThat(response.code()).isEqualTo(429);
        assertThat(response.getHeaders().get("Retry-After")).isEqualTo("2");
        assertThat(response.body().detail()).contains("at most 5 posts per second");
    }

    @Test
    void aQueueThatCannotTakeTheBatchIs503WithRetryAfterNeverA202() {
        HttpResponse<Problem> response = new ProblemJsonHandlers.Unavailable().handle(HttpRequest.POST("/ingest/orders", ""),
                new PortUnavailableException("ingest-queue", new IOException("No space left on device")));

        assertThat(response.code()).isEqualTo(503);
        assertThat(response.getHeaders().get("Retry-After")).isEqualTo("5");
        assertThat(response.body().detail()).contains("nothing was accepted").doesNotContain("No space");
    }
}
