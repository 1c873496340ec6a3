package dev.tributary.domain.scaling;

/**
 * How many aggregator workers a backlog deserves: enough that each has at most {@code backlogPerWorker} waiting
 * notices, within [min, max]. Scales out at once (freshness matters) and in one worker per decision (no flapping).
 */
public record ScalingPolicy(int min, int max, int backlogPerWorker) {

    public ScalingPolicy {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("need 1 <= min <= max, got min " + min + ", max " + max);
        }
        if (backlogPerWorker < 1) {
            throw new IllegalArgumentException("backlogPerWorker must be >= 1: " + backlogPerWorker);
        }
    }

    public ScalingDecision decide(int current, long backlog) {
        long wanted = (backlog + backlogPerWorker - 1) / backlogPerWorker;
        int target = (int) Math.max(min, Math.min(max, wanted));
        if (target > current) {
            return new ScalingDecision.ScaleTo(target, "backlog " + backlog + " needs " + target + " workers");
        }
        if (target < current) {
            int next = Math.max(min, current - 1);
            return next == current ? new ScalingDecision.Hold()
                    : new ScalingDecision.ScaleTo(next, "backlog " + backlog + " needs only " + target + " workers");
        }
        return new ScalingDecision.Hold();
    }
}
