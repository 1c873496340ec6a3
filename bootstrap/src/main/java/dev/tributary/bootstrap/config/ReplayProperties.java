package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * How a replay runs: {@code batchesInFlight} batches are replayed at once, 0 for one per core. The file lake answers
 * in microseconds, so locally a replay is CPU work and one batch per core keeps the cores busy; on S3 a batch cleaned
 * again waits on six requests of tens of milliseconds each, so the AWS default (application-aws.yml, and the stack's
 * {@code sizing.yml} for the replay task) keeps many more in flight. At most 64, the batches of one replay group.
 */
@ConfigurationProperties("tributary.replay")
public record ReplayProperties(@Bindable(defaultValue = "0") @PositiveOrZero @Max(64) int batchesInFlight) {

    /** The batches replayed at once on a machine with {@code cores} cores. */
    public int batchesInFlight(int cores) {
        return batchesInFlight == 0 ? cores : batchesInFlight;
    }
}
