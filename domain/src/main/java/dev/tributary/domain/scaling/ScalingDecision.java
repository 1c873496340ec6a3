package dev.tributary.domain.scaling;

/** What the scaling policy says to do with the worker count. */
public sealed interface ScalingDecision {
    record ScaleTo(int workers, String reason) implements ScalingDecision {}

    record Hold() implements ScalingDecision {}
}
