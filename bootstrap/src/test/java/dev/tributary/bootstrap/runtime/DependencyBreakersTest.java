package dev.tributary.bootstrap.runtime;

import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.scaling.Outage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The breaker per dependency and its backoff, on a clock that moves only when the test moves it. */
class DependencyBreakersTest {
    private static final DependencyBreakers.Policy POLICY =
            new DependencyBreakers.Policy(3, Duration.ofSeconds(1), Duration.ofSeconds(30));
    private static final PortUnavailableException POSTGRES_DOWN =
            new PortUnavailableException("aggregate store", "PostgreSQL", "Connection refused", null);

    private final FakeTime time = new FakeTime();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DependencyBreakers breakers = new DependencyBreakers(POLICY, time, () -> 0.5, time.sleeper(), meters);
    private final DependencyBreakers.Gate aggregators = breakers.gate("aggregator");

    @Test
    void backoffCeilingDoublesFromTheFirstBackoffUpToTheMaximum() {
        assertThat(POLICY.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(POLICY.ceiling(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(POLICY.ceiling(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void backoffIsFullJitterBelowTheCeiling() {
        assertThat(POLICY.backoff(3, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(POLICY.backoff(3, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.backoff(3, 0.999)).isEqualTo(Duration.ofMillis(3_996));
        assertThat(POLICY.backoff(40, 0.999)).isLessThan(POLICY.maxBackoff());
    }

    @Test
    void policyRefusesABackoffThatCannotGrow() {
        assertThatThrownBy(() -> new DependencyBreakers.Policy(3, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DependencyBreakers.Policy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBreakerOpensAfterFailuresToOpenInARowAndKeepsTheStepFromReceiving() {
        failTimes(3);

        assertThat(breakers.state("PostgreSQL")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(aggregators.enter()).isNull();
        assertThat(breakers.current()).containsExactly(new Outage("PostgreSQL", FakeTime.START));
        assertThat(aggregators.needs()).containsExactly("PostgreSQL");
    }

    @Test
    void aSuccessBetweenFailuresKeepsTheBreakerClosed() {
        failTimes(2);
        aggregators.enter().succeeded();
        failTimes(2);

        assertThat(breakers.state("PostgreSQL")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.current()).isEmpty();
    }

    @Test
    void otherStepsKeepReceivingWhileADependencyTheyNeverMetIsDown() {
        failTimes(3);

        DependencyBreakers.Permit rawWriter = breakers.gate("raw-writer").enter();

        assertThat(rawWriter).isNotNull();
        assertThat(rawWriter.probe()).isFalse();
    }

    @Test
    void afterTheBackoffOneLoopProbesWithOneMessageAndItsSuccessClosesTheBreaker() {
        failTimes(3);                                           // open: wait 0.5 x 1 s

        time.advance(Duration.ofMillis(400));
        assertThat(aggregators.enter()).isNull();
        time.advance(Duration.ofMillis(200));
        DependencyBreakers.Permit probe = aggregators.enter();
        DependencyBreakers.Permit another = aggregators.enter();
        probe.succeeded();

        assertThat(probe.probe()).isTrue();
        assertThat(another).as("one probe at a time").isNull();
        assertThat(breakers.state("PostgreSQL")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.current()).isEmpty();
        assertThat(aggregators.enter().probe()).isFalse();
    }

    @Test
    void aFailedProbeOpensTheBreakerForTwiceTheBackoff() {
        failTimes(3);
        time.advance(Duration.ofMillis(600));
        aggregators.enter().failed(POSTGRES_DOWN);              // second open: wait 0.5 x 2 s

        time.advance(Duration.ofMillis(900));
        assertThat(aggregators.enter()).isNull();
        time.advance(Duration.ofMillis(200));
        assertThat(aggregators.enter().probe()).isTrue();
        assertThat(breakers.current()).containsExactly(new Outage("PostgreSQL", FakeTime.START));
    }

    @Test
    void anInconclusivePassGivesTheProbeBack() {
        failTimes(3);
        time.advance(Duration.ofMillis(600));

        aggregators.enter().inconclusive();                     // e.g. the queue was empty

        assertThat(aggregators.enter()).isNotNull();
        assertThat(breakers.state("PostgreSQL")).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void theBreakerStateIsAGaugePerDependency() {
        failTimes(3);
        double open = meters.get("tributary.dependency.state").tag("dependency", "PostgreSQL").gauge().value();
        time.advance(Duration.ofSeconds(1));
        aggregators.enter().succeeded();
        double closed = meters.get("tributary.dependency.state").tag("dependency", "PostgreSQL").gauge().value();

        assertThat(open).isEqualTo(2.0);
        assertThat(closed).isEqualTo(0.0);
    }

    @Test
    void pausingMovesTheInjectedClockInsteadOfSleeping() throws InterruptedException {
        breakers.pause();

        assertThat(time.elapsed()).isEqualTo(DependencyBreakers.PAUSE);
        assertThat(time.sleeps()).isEqualTo(1);
    }

    private void failTimes(int n) {
        for (int i = 0; i < n; i++) {
            aggregators.enter().failed(POSTGRES_DOWN);
        }
    }
}
