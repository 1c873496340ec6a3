package dev.tributary.bootstrap.config;

import dev.tributary.adapters.formats.ScalingPolicies;
import dev.tributary.domain.scaling.ScalingPolicy;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Positive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How many local workers run each pipeline step, how many staged objects of a group an aggregator reads at once
 * ({@code stagedReadsInFlight}: 1 on the file lake, more on S3, whose reads wait on the network), and where the
 * aggregators' scaling policy is configured: the sizing file of the AWS stack ({@code deploy/sizing.yml},
 * {@code services.aggregator}), one policy for the local pool and the ECS service. The jar carries a copy of that
 * file; {@code sizing} (TRIBUTARY_SIZING) names another one.
 */
@ConfigurationProperties("tributary.workers")
public record WorkerProperties(@Positive int rawWriters, @Positive int transformers, @Positive int stagers,
                               @Nullable Path sizing, Duration scalingInterval,
                               @Bindable(defaultValue = "1") @Positive int stagedReadsInFlight) {
    /** The copy of {@code deploy/sizing.yml} in the jar (bootstrap's pom adds it). */
    static final String SHIPPED_SIZING = "tributary/sizing.yml";

    /** The aggregators' bounds and target, as the pool (and the stack's auto scaling) apply them. */
    public ScalingPolicy aggregatorScaling() {
        boolean shipped = sizing == null || sizing.toString().isEmpty();
        String file = shipped ? "classpath:" + SHIPPED_SIZING : sizing.toString();
        try (InputStream in = shipped
                ? WorkerProperties.class.getClassLoader().getResourceAsStream(SHIPPED_SIZING)
                : Files.newInputStream(sizing)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + SHIPPED_SIZING + ": build it with ./mvnw");
            }
            return ScalingPolicies.of(in, file, "aggregator");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sizing file " + file + ": " + e.getMessage(), e);
        }
    }
}
