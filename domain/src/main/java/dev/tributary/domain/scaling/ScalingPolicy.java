package dev.tributary.domain.scaling;

/**
 * How many aggregator workers a backlog deserves: enough that each has at most {@code backlogPerWorker} waiting
 * notices, within [min, max]. Scales out at once (freshness matters); scales in one worker at a time and only after
 * {@code scaleInAfter} consecutive checks that wanted fewer workers, so a bursty producer does not make it flap —
 * the same shape as ECS target tracking with a scale-in cooldown.
 */
public record ScalingPolicy(int min, int max, int backlogPerWorker, int scaleInAfter) {

    public ScalingPolicy {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("need 1 <= min <= max, got min " + min + ", max " + max);
        }
        if (backlogPerWorker < 1) {
            throw new IllegalArgumentException("backlogPerWorker must be >= 1: " + backlogPerWorker);
        }
        if (scaleInAfter < 1) {
            throw new IllegalArgumentException("scaleInAfter must be >= 1: " + scaleInAfter);
        }
    }

    /** Workers the backlog needs, within [min, max]. */
    public int desired(long backlog) {
        long wanted = (Math.max(0, backlog) + backlogPerWorker - 1) / backlogPerWorker;
        return (int) Math.max(min, Math.min(max, wanted));
    }

    /**
     * @param quietChecks consecutive checks, this one included, in which {@link #desired} was below {@code current}
     */
    public ScalingDecision decide(int current, long backlog, int quietChecks) {
        int target = desired(backlog);
        if (target > current) {
            return new ScalingDecision.ScaleTo(target, "backlog " + backlog + " needs " + target + " workers");
        }
        if (target < current && quietChecks >= scaleInAfter) {
            return new ScalingDecision.ScaleTo(current - 1, "backlog below " + backlogPerWorker * (current - 1)
                    + " for " + quietChecks + " checks");
        }
        return new ScalingDecision.Hold();
    }
}
