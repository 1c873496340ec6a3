package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/** How many local workers run each pipeline step, and the aggregator pool's scaling bounds. */
@ConfigurationProperties("tributary.workers")
public record WorkerProperties(@Positive int rawWriters, @Positive int transformers, @Positive int stagers,
                               @Positive int aggregatorsMin, @Positive int aggregatorsMax,
                               @Positive int backlogPerAggregator, @Positive int scaleInAfterChecks,
                               Duration scalingInterval) {
}
