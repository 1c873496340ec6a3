package dev.tributary.bootstrap.runtime;

import dev.tributary.application.port.out.DependencyOutages;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.scaling.Outage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * One circuit breaker (resilience4j) per dependency the consumer loops of this process use (PostgreSQL, S3, SQS, a
 * local queue's disk), so that an outage is waited out instead of dead-lettered (invariant 8):
 * <ol>
 *   <li>closed: loops receive as usual; {@code failuresToOpen} {@link PortUnavailableException}s of a dependency in a
 *       row open its breaker (WARN, no payload);</li>
 *   <li>open: every loop of a step that found it needs that dependency ({@link Gate}) receives nothing, so no
 *       receive count is spent, for a backoff of {@code firstBackoff} doubled per failed probe up to
 *       {@code maxBackoff}, with full jitter (a uniformly random wait up to that bound, so workers and instances do
 *       not probe in step);</li>
 *   <li>half-open: one loop receives one message as the probe; done, the breaker closes (INFO with how long it was
 *       down), and the loops receive again; failed with the dependency down again, it opens for the next backoff.</li>
 * </ol>
 * Each breaker is the gauge {@code tributary.dependency.state{dependency}} (0 closed, 1 half-open, 2 open), and the
 * ones not closed are the {@link DependencyOutages} the status page shows.
 */
public final class DependencyBreakers implements DependencyOutages {
    private static final Logger LOG = LoggerFactory.getLogger(DependencyBreakers.class);
    /** How long a loop sleeps before it asks its gate again while a breaker keeps it out. */
    static final Duration PAUSE = Duration.ofMillis(200);

    /** When a breaker opens and how long it stays open. */
    public record Policy(int failuresToOpen, Duration firstBackoff, Duration maxBackoff) {
        public Policy {
            if (failuresToOpen < 1) {
                throw new IllegalArgumentException("failuresToOpen must be >= 1: " + failuresToOpen);
            }
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException("backoff must satisfy 0 < first <= max: " + firstBackoff + ", "
                        + maxBackoff);
            }
        }

        /**
         * The longest wait before the {@code attempt}-th probe (1 after the breaker first opened):
         * {@code firstBackoff * 2^(attempt-1)}, at most {@code maxBackoff}.
         */
        public Duration ceiling(int attempt) {
            int doublings = Math.min(Math.max(attempt, 1) - 1, 30);
            long millis = firstBackoff.toMillis() << doublings;
            return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
        }

        /** Full jitter: the wait is {@code random} (in [0, 1)) times the ceiling. */
        public Duration backoff(int attempt, double random) {
            return Duration.ofMillis((long) (ceiling(attempt).toMillis() * random));
        }
    }

    /** How a loop waits while its breakers are open; tests pass one that moves their clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Policy policy;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Sleeper sleeper;
    private final MeterRegistry meters;
    private final Map<String, Dependency> dependencies = new ConcurrentHashMap<>();
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    public DependencyBreakers(Policy policy, Clock clock, DoubleSupplier random, Sleeper sleeper, MeterRegistry meters) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** The breakers of a running process: the system clock, real sleeps, a random jitter. */
    public static DependencyBreakers of(Policy policy, MeterRegistry meters) {
        return new DependencyBreakers(policy, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble(),
                duration -> Thread.sleep(duration.toMillis()), meters);
    }

    public Policy policy() {
        return policy;
    }

    /** The gate the loops of {@code step} (e.g. "aggregator") share: it learns which dependencies the step uses. */
    public Gate gate(String step) {
        return gates.computeIfAbsent(step, Gate::new);
    }

    /** The breaker's state for {@code dependency}; closed for one never seen failing. */
    public CircuitBreaker.State state(String dependency) {
        Dependency d = dependencies.get(dependency);
        return d == null ? CircuitBreaker.State.CLOSED : d.breaker.getState();
    }

    @Override
    public List<Outage> current() {
        List<Outage> outages = new ArrayList<>();
        dependencies.values().forEach(d -> {
            Instant since = d.downSince;
            if (since != null) {
                outages.add(new Outage(d.name, since));
            }
        });
        outages.sort(Comparator.comparing(Outage::since));
        return outages;
    }

    /** Sleeps {@link #PAUSE}: a loop kept out by an open breaker. */
    void pause() throws InterruptedException {
        sleeper.sleep(PAUSE);
    }

    private Dependency dependency(String name) {
        return dependencies.computeIfAbsent(name, Dependency::new);
    }

    /** A dependency's breaker and, while it is not closed, since when it is down. */
    private final class Dependency {
        final String name;
        final CircuitBreaker breaker;
        volatile Instant downSince;
        volatile PortUnavailableException lastFailure;

        Dependency(String name) {
            this.name = name;
            CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(policy.failuresToOpen()).minimumNumberOfCalls(policy.failuresToOpen())
                    .failureRateThreshold(100)                           // every one of the last n calls failed
                    .permittedNumberOfCallsInHalfOpenState(1)             // one probe at a time
                    .waitIntervalFunctionInOpenState(attempt -> policy.backoff(attempt, random.getAsDouble()).toMillis())
                    .automaticTransitionFromOpenToHalfOpenEnabled(false)  // the next loop to ask half-opens it
                    .writableStackTraceEnabled(false)
                    .clock(clock)
                    .build();
            this.breaker = CircuitBreaker.of(name, config);
            breaker.getEventPublisher().onStateTransition(this::transitioned);
            Gauge.builder("tributary.dependency.state", breaker, b -> level(b.getState()))
                    .description("Circuit breaker of a dependency the consumers use: 0 closed, 1 half-open, 2 open")
                    .tag("dependency", name).register(meters);
        }

        private void transitioned(CircuitBreakerOnStateTransitionEvent event) {
            CircuitBreaker.State to = event.getStateTransition().getToState();
            CircuitBreaker.State from = event.getStateTransition().getFromState();
            if (from == CircuitBreaker.State.CLOSED && to == CircuitBreaker.State.OPEN) {
                downSince = clock.instant();
                PortUnavailableException failure = lastFailure;
                LOG.atWarn().addKeyValue("dependency", name)
                        .addKeyValue("port", failure == null ? "" : failure.port())
                        .addKeyValue("error", failure == null ? "" : rootCause(failure))
                        .addKeyValue("failures", policy.failuresToOpen())
                        .log("dependency unavailable: consumers that need it stop receiving and wait");
            } else if (to == CircuitBreaker.State.CLOSED) {
                Instant since = downSince;
                downSince = null;
                LOG.atInfo().addKeyValue("dependency", name)
                        .addKeyValue("downMs", since == null ? 0 : Duration.between(since, clock.instant()).toMillis())
                        .log("dependency available again: consumers receive again");
            } else if (to == CircuitBreaker.State.OPEN) {
                LOG.atDebug().addKeyValue("dependency", name).log("probe failed, dependency still unavailable");
            }
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static double level(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
        };
    }

    /**
     * The dependencies one step (all its loops) found it needs, by the {@link PortUnavailableException}s it met. A
     * loop asks {@link #enter} before each receive.
     */
    public final class Gate {
        private final String step;
        private final Set<String> needs = ConcurrentHashMap.newKeySet();

        private Gate(String step) {
            this.step = step;
        }

        /** Dependencies this step has met down so far (they stay: the step needs them). */
        public Set<String> needs() {
            return Set.copyOf(needs);
        }

        /**
         * Permission to receive, or null while a breaker of a needed dependency is open or another loop holds its
         * probe. A permit in a half-open breaker is a probe: receive one message only.
         */
        public Permit enter() {
            List<Dependency> held = new ArrayList<>();
            boolean probe = false;
            for (String name : needs) {
                Dependency d = dependency(name);
                if (!d.breaker.tryAcquirePermission()) {
                    held.forEach(h -> h.breaker.releasePermission());
                    return null;
                }
                held.add(d);
                probe |= d.breaker.getState() == CircuitBreaker.State.HALF_OPEN;
            }
            return new Permit(this, held, probe);
        }

        @Override
        public String toString() {
            return step;
        }
    }

    /** One pass of a loop through its gate; it ends with exactly one of the three outcomes. */
    public final class Permit {
        private final Gate gate;
        private final List<Dependency> held;
        private final boolean probe;

        private Permit(Gate gate, List<Dependency> held, boolean probe) {
            this.gate = gate;
            this.held = held;
            this.probe = probe;
        }

        /** Receive one message only: it tests a dependency that was down. */
        public boolean probe() {
            return probe;
        }

        /** At least one message was done: every dependency the step needs answered. */
        public void succeeded() {
            held.forEach(d -> d.breaker.onSuccess(0, TimeUnit.MILLISECONDS));
        }

        /** Nothing was received, or only messages that failed by themselves: no news about the dependencies. */
        public void inconclusive() {
            held.forEach(d -> d.breaker.releasePermission());
        }

        /** A dependency was down; the step needs it from now on. Other permits go back unused. */
        public void failed(PortUnavailableException e) {
            Dependency down = dependency(e.dependency());
            gate.needs.add(down.name);
            down.lastFailure = e;
            for (Dependency d : held) {
                if (d != down) {
                    d.breaker.releasePermission();
                }
            }
            down.breaker.onError(0, TimeUnit.MILLISECONDS, e);
        }
    }
}
