package dev.tributary.bootstrap.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.DependencyInjectionException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How much lake work is in flight at once, as the shipped configuration files set it: locally the file lake answers in
 * microseconds, so two per core (replay: one cleans while the other waits for its fsync) or one at a time (an
 * aggregator's reads); on AWS each S3 request waits tens
 * of milliseconds, so many more.
 */
class InFlightSettingsTest {

    @Test
    void locallyAReplayKeepsTwoBatchesPerCoreAndAnAggregatorReadsOneObjectAtATime() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).start()) {
            assertThat(context.getBean(ReplayProperties.class).batchesInFlight(2)).isEqualTo(4);
            assertThat(context.getBean(ReplayProperties.class).batchesInFlight(16)).isEqualTo(32);
            assertThat(context.getBean(ReplayProperties.class).batchesInFlight(48)).isEqualTo(64);   // one group
            assertThat(context.getBean(WorkerProperties.class).stagedReadsInFlight()).isOne();
        }
    }

    @Test
    void onAwsManyMoreSinceEachWaitsOnS3() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).environments("aws")
                .start()) {
            assertThat(context.getBean(ReplayProperties.class).batchesInFlight(2)).isEqualTo(32);
            assertThat(context.getBean(WorkerProperties.class).stagedReadsInFlight()).isEqualTo(16);
        }
    }

    @Test
    void refusesMoreReplayBatchesInFlightThanAReplayGroupHolds() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("tributary.replay.batches-in-flight", 65)).start()) {
            assertThatThrownBy(() -> context.getBean(ReplayProperties.class))
                    .isInstanceOf(DependencyInjectionException.class)
                    .hasStackTraceContaining("less than or equal to 64");
        }
    }
}
