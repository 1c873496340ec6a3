package dev.tributary.bootstrap.config;

import dev.tributary.bootstrap.runtime.DependencyBreakers;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * How the consumers ride out a dependency outage (invariant 8): a dependency's breaker opens after
 * {@code failuresToOpen} unavailable calls in a row; then the loops that need it receive nothing for a backoff of
 * {@code firstBackoff}, doubled per failed probe up to {@code maxBackoff}, with full jitter.
 */
@ConfigurationProperties("tributary.outages")
public record OutageProperties(@Positive int failuresToOpen, @NotNull Duration firstBackoff,
                               @NotNull Duration maxBackoff) {

    public DependencyBreakers.Policy policy() {
        return new DependencyBreakers.Policy(failuresToOpen, firstBackoff, maxBackoff);
    }
}
