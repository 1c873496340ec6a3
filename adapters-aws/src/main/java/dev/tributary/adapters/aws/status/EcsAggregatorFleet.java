package dev.tributary.adapters.aws.status;

import dev.tributary.application.port.out.AggregatorFleet;
import dev.tributary.domain.scaling.FleetSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The aggregator service on ECS: the running task count from {@code DescribeServices} (asked at most every
 * {@link #REFRESH}, however many dashboards watch), the bounds from the scaling configuration. When ECS cannot be
 * read (no permission, service not found) the count is {@link FleetSize#UNKNOWN} and the page says so.
 */
public final class EcsAggregatorFleet implements AggregatorFleet {
    private static final Logger LOG = LoggerFactory.getLogger(EcsAggregatorFleet.class);
    static final Duration REFRESH = Duration.ofSeconds(10);

    private final EcsClient ecs;
    private final String cluster;
    private final String service;
    private final int min;
    private final int max;
    private final Clock clock;
    private Instant askedAt = Instant.MIN;
    private FleetSize last;

    public EcsAggregatorFleet(EcsClient ecs, String cluster, String service, int min, int max, Clock clock) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.service = Objects.requireNonNull(service, "service");
        this.min = min;
        this.max = max;
        this.clock = clock;
    }

    @Override
    public synchronized FleetSize instances() {
        Instant now = clock.instant();
        if (last == null || Duration.between(askedAt, now).compareTo(REFRESH) >= 0) {
            askedAt = now;
            last = running();
        }
        return last;
    }

    private FleetSize running() {
        try {
            return ecs.describeServices(b -> b.cluster(cluster).services(service)).services().stream()
                    .filter(s -> service.equals(s.serviceName()) || service.equals(s.serviceArn()))
                    .findFirst().map(Service::runningCount)
                    .map(running -> new FleetSize(running, min, max))
                    .orElseGet(() -> {
                        LOG.atWarn().addKeyValue("cluster", cluster).addKeyValue("service", service)
                                .log("aggregator service not found on ECS");
                        return new FleetSize(FleetSize.UNKNOWN, min, max);
                    });
        } catch (SdkException e) {
            LOG.atWarn().addKeyValue("cluster", cluster).addKeyValue("service", service)
                    .addKeyValue("error", e.toString()).log("aggregator count not read from ECS");
            return new FleetSize(FleetSize.UNKNOWN, min, max);
        }
    }
}
