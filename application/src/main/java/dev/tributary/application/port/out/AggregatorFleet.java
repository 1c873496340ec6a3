package dev.tributary.application.port.out;

/**
 * The auto-scaled aggregator service as the dashboard sees it: how many workers run now and the bounds the scaling
 * policy keeps them in (the local worker pool; the ECS service on AWS).
 */
public interface AggregatorFleet {

    Instances instances();

    /** {@code now} is {@link #UNKNOWN} where this process cannot see the running count (ECS on AWS). */
    record Instances(int now, int min, int max) {
        public static final int UNKNOWN = -1;

        public Instances {
            if (now < UNKNOWN || min < 0 || max < min) {
                throw new IllegalArgumentException("instances must satisfy -1 <= now, 0 <= min <= max: "
                        + now + ", " + min + ", " + max);
            }
        }
    }
}
