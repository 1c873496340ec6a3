package dev.tributary.domain.scaling;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScalingPolicyTest {
    private final ScalingPolicy policy = new ScalingPolicy(1, 4, 20, 3);

    @Test
    void scalesOutAtOnceToWhatTheBacklogNeeds() {
        assertThat(policy.decide(1, 61, 0)).isEqualTo(new ScalingDecision.ScaleTo(4, "backlog 61 needs 4 workers"));
    }

    @Test
    void neverExceedsMaxOrGoesBelowMin() {
        assertThat(policy.desired(1_000_000)).isEqualTo(4);
        assertThat(policy.desired(0)).isEqualTo(1);
    }

    @Test
    void holdsWhileTheBacklogMatchesTheWorkers() {
        assertThat(policy.decide(2, 40, 0)).isEqualTo(new ScalingDecision.Hold());
    }

    @Test
    void scalesInOneWorkerOnlyAfterEnoughQuietChecks() {
        assertThat(policy.decide(4, 0, 1)).isEqualTo(new ScalingDecision.Hold());
        assertThat(policy.decide(4, 0, 2)).isEqualTo(new ScalingDecision.Hold());
        assertThat(policy.decide(4, 0, 3)).isInstanceOfSatisfying(ScalingDecision.ScaleTo.class,
                to -> assertThat(to.workers()).isEqualTo(3));
    }

    @Test
    void refusesImpossibleBounds() {
        assertThatThrownBy(() -> new ScalingPolicy(0, 4, 20, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScalingPolicy(3, 2, 20, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScalingPolicy(1, 2, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScalingPolicy(1, 2, 20, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void decisionsStayWithinBoundsAndMoveAtMostOneStepIn(@ForAll @IntRange(min = 1, max = 4) int current,
                                                        @ForAll @LongRange(min = 0, max = 500) long backlog,
                                                        @ForAll @IntRange(min = 0, max = 10) int quiet) {
        ScalingDecision decision = policy.decide(current, backlog, quiet);
        if (decision instanceof ScalingDecision.ScaleTo to) {
            assertThat(to.workers()).isBetween(1, 4).isNotEqualTo(current);
            if (to.workers() < current) {
                assertThat(to.workers()).isEqualTo(current - 1);
            }
        }
    }
}
