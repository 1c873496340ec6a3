package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/** Redelivery rules shared by every local queue: visibility timeout and receives before the dead-letter queue. */
@ConfigurationProperties("tributary.queue")
public record QueueProperties(@NotNull Duration visibilityTimeout, @Positive int maxReceives) {
}
