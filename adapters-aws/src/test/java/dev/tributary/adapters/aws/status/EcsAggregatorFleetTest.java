package dev.tributary.adapters.aws.status;

import dev.tributary.domain.scaling.FleetSize;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.Service;

import java.time.Instant;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class EcsAggregatorFleetTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final EcsClient ecs = mock(EcsClient.class);
    private final CloudWatchQueueAgeTest.MutableClock clock = new CloudWatchQueueAgeTest.MutableClock(NOW);
    private final EcsAggregatorFleet fleet = new EcsAggregatorFleet(ecs, "tributary", "aggregator", 1, 4, clock);

    @Test
    @SuppressWarnings("unchecked")
    void theServicesRunningCountWithTheConfiguredBoundsAskedAtMostEveryTenSeconds() {
        when(ecs.describeServices(any(Consumer.class))).thenReturn(DescribeServicesResponse.builder()
                .services(Service.builder().serviceName("aggregator").runningCount(3).desiredCount(3).build()).build());

        FleetSize first = fleet.instances();
        clock.now = NOW.plusSeconds(5);
        FleetSize cached = fleet.instances();

        assertThat(first).isEqualTo(cached).isEqualTo(new FleetSize(3, 1, 4));
        verify(ecs, times(1)).describeServices(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnreadableOrMissingServiceIsAnUnknownCount() {
        when(ecs.describeServices(any(Consumer.class)))
                .thenReturn(DescribeServicesResponse.builder().build())
                .thenThrow(EcsException.builder().message("denied").build());

        FleetSize missing = fleet.instances();
        clock.now = NOW.plus(EcsAggregatorFleet.REFRESH);
        FleetSize denied = fleet.instances();

        assertThat(missing).isEqualTo(denied).isEqualTo(new FleetSize(FleetSize.UNKNOWN, 1, 4));
    }
}
