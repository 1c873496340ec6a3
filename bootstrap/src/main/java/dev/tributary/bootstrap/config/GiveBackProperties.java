package dev.tributary.bootstrap.config;

import dev.tributary.adapters.aws.lambda.QueueEvents;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * How a Lambda function waits a dependency outage out (invariant 8; the ECS services use {@link OutageProperties}'
 * breakers): a message whose work meets the outage is given back to its queue as a copy visible after
 * {@code firstWait}, doubled per outage met in a row up to {@code maxWait} (SQS allows at most 15 minutes), with
 * jitter. {@code maxWait} is also how long the pipeline may take to notice the outage is over.
 */
@ConfigurationProperties("tributary.outages.give-back")
public record GiveBackProperties(@NotNull Duration firstWait, @NotNull Duration maxWait) {

    public QueueEvents.Waits waits() {
        return new QueueEvents.Waits(firstWait, maxWait);
    }
}
