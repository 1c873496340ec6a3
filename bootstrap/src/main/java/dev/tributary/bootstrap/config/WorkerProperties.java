package dev.tributary.bootstrap.config;

import dev.tributary.domain.scaling.ScalingPolicy;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/** How many local workers run each pipeline step, and the aggregator pool's scaling bounds. */
@ConfigurationProperties("tributary.workers")
public record WorkerProperties(@Positive int rawWriters, @Positive int transformers, @Positive int stagers,
                               @Positive int aggregatorsMin, @Positive int aggregatorsMax,
                               @Positive int backlogPerAggregator, @Positive int scaleInAfterChecks,
                               Duration scalingInterval) {

    /** The aggregators' bounds and targets, as the pool (and the stack's auto scaling) apply them. */
    public ScalingPolicy aggregatorScaling() {
        return new ScalingPolicy(aggregatorsMin, aggregatorsMax, backlogPerAggregator, scaleInAfterChecks);
    }
}
