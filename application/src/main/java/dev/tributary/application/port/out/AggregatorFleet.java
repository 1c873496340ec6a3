package dev.tributary.application.port.out;

import dev.tributary.domain.scaling.FleetSize;

/**
 * The auto-scaled aggregator service as the dashboard sees it: how many workers run now and the bounds the scaling
 * policy keeps them in (the local worker pool; the ECS service on AWS).
 */
public interface AggregatorFleet {

    FleetSize instances();
}
