package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * How a replay runs: {@code batchesInFlight} batches are replayed at once, 0 for two per core. Locally a replay is
 * mostly CPU work, but each object it writes to the file lake waits for its fsync; with two batches per core one
 * cleans while the other waits (one per core left a tenth of the cores idle; two replayed 7-14 % faster after a rule
 * change, four were slower: bench/RESULTS.md). On S3 a batch cleaned again waits on six requests of tens of
 * milliseconds each, so the AWS default (application-aws.yml, and the stack's {@code sizing.yml} for the replay task)
 * keeps many more in flight. At most 64, the batches of one replay group.
 */
@ConfigurationProperties("tributary.replay")
public record ReplayProperties(@Bindable(defaultValue = "0") @PositiveOrZero @Max(64) int batchesInFlight) {

    /** The batches replayed at once on a machine with {@code cores} cores. */
    public int batchesInFlight(int cores) {
        return batchesInFlight == 0 ? Math.min(64, 2 * cores) : batchesInFlight;
    }
}
