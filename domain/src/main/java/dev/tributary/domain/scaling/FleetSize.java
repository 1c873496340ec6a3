package dev.tributary.domain.scaling;

/**
 * How many aggregator workers run and the bounds the scaling policy keeps them in; {@code now} is {@link #UNKNOWN}
 * where this process cannot see the running count (ECS on AWS).
 */
public record FleetSize(int now, int min, int max) {
    public static final int UNKNOWN = -1;

    public FleetSize {
        if (now < UNKNOWN || min < 0 || max < min) {
            throw new IllegalArgumentException("instances must satisfy -1 <= now, 0 <= min <= max: "
                    + now + ", " + min + ", " + max);
        }
    }
}
