package dev.tributary.bootstrap.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.DependencyInjectionException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batches a replay keeps in flight, as the shipped configuration files give them. */
class ReplayPropertiesTest {

    @Test
    void locallyOneBatchPerCore() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).start()) {
            assertThat(context.getBean(ReplayProperties.class).batchesInFlight(2)).isEqualTo(2);
            assertThat(context.getBean(ReplayProperties.class).batchesInFlight(16)).isEqualTo(16);
        }
    }

    @Test
    void onAwsManyMoreThanCoresSinceEachWaitsOnS3() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).environments("aws")
                .start()) {
            assertThat(context.getBean(ReplayProperties.class).batchesInFlight(2)).isEqualTo(32);
        }
    }

    @Test
    void refusesMoreThanAReplayGroupHolds() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("tributary.replay.batches-in-flight", 65)).start()) {
            assertThatThrownBy(() -> context.getBean(ReplayProperties.class))
                    .isInstanceOf(DependencyInjectionException.class).hasStackTraceContaining("less than or equal to 64");
        }
    }
}
