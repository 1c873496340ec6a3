package dev.tributary.bootstrap.runtime;

import dev.tributary.adapters.local.queue.InMemoryMessageQueue;
import dev.tributary.application.port.out.MessageQueue.Delivery;
import dev.tributary.application.port.out.PortUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invariant 8 in one loop: a dependency that is down is waited out (messages given back, receives stopped, no dead
 * letter however long it lasts), while a message that fails by itself still reaches the dead letters. Time is a
 * {@link FakeTime}: the loop's pauses and the test move it; the deadlines below only bound a broken test.
 */
class DeliveryLoopTest {
    private static final int MAX_RECEIVES = 2;
    private static final Duration VISIBILITY = Duration.ofSeconds(5);
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final FakeTime time = new FakeTime();
    private final InMemoryMessageQueue<String> queue = new InMemoryMessageQueue<>(VISIBILITY, MAX_RECEIVES, time);
    private final DependencyBreakers breakers = new DependencyBreakers(
            new DependencyBreakers.Policy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)), time, () -> 0.5,
            time.sleeper(), new SimpleMeterRegistry());
    private final AtomicBoolean postgresDown = new AtomicBoolean();
    private final AtomicInteger triedWhileDown = new AtomicInteger();
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final List<DeliveryLoop<String>> loops = new ArrayList<>();

    @AfterEach
    void stop() {
        loops.forEach(DeliveryLoop::close);
    }

    private void aggregate(String message) {
        if (message.startsWith("poison")) {
            throw new IllegalArgumentException("unreadable staged object");
        }
        if (postgresDown.get()) {
            triedWhileDown.incrementAndGet();
            throw new PortUnavailableException("aggregate store", "PostgreSQL", "Connection refused", null);
        }
        applied.add(message);
    }

    private void start(int workers) {
        for (int i = 1; i <= workers; i++) {
            loops.add(DeliveryLoop.each("aggregator", "aggregator-" + i, queue, this::aggregate, breakers).start());
        }
    }

    @Test
    void anOutageLongerThanEveryReceiveCountDeadLettersNothingAndEveryMessageIsDoneAfterIt() {
        List<String> batches = List.of("batch-1", "batch-2", "batch-3", "batch-4", "batch-5");
        batches.forEach(queue::publish);
        postgresDown.set(true);
        time.stopAt(Duration.ofMinutes(10));

        start(2);
        await().atMost(DEADLINE).until(() -> time.elapsed().compareTo(Duration.ofMinutes(10)) >= 0);
        int triesInTenMinutes = triedWhileDown.get();
        CircuitBreaker.State duringOutage = breakers.state("PostgreSQL");
        postgresDown.set(false);
        time.stopAt(Duration.ofDays(1));
        await().atMost(DEADLINE).until(() -> applied.containsAll(batches) && drained());

        assertThat(queue.stats().deadLetters()).isZero();
        assertThat(queue.deadLetters()).isEmpty();
        assertThat(duringOutage).isNotEqualTo(CircuitBreaker.State.CLOSED);
        // Without giving messages back, MAX_RECEIVES tries would have dead-lettered them; with the breaker open the
        // loops tried once per backoff (jitter 0.5 here: 0.5 s, 1 s, 2 s, ... then 15 s): 3 tries to open it and
        // about 45 probes in 10 minutes, each with one message; not one try per poll.
        assertThat(triesInTenMinutes).isGreaterThan(MAX_RECEIVES * batches.size()).isLessThan(60);
        assertThat(breakers.state("PostgreSQL")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.current()).isEmpty();
    }

    @Test
    void aPoisonMessageStillReachesTheDeadLettersAndOpensNoBreaker() {
        queue.publish("batch-1");
        queue.publish("poison-1");
        queue.publish("batch-2");

        start(1);
        await().atMost(DEADLINE).until(() -> {
            time.advance(Duration.ofSeconds(1));          // the poison comes back after its visibility timeout
            return queue.stats().deadLetters() == 1 && drained();
        });

        assertThat(queue.deadLetters()).containsExactly("poison-1");
        assertThat(applied).containsExactlyInAnyOrder("batch-1", "batch-2");
        assertThat(breakers.current()).isEmpty();
        assertThat(breakers.gate("aggregator").needs()).isEmpty();
    }

    @Test
    void duringAnOutageAPoisonMessageAlsoWaitsAndIsDeadLetteredOnlyOnceItsOwnFailureShows() {
        queue.publish("poison-1");
        queue.publish("batch-1");
        postgresDown.set(true);
        start(1);
        await().atMost(DEADLINE).until(() -> breakers.state("PostgreSQL") != CircuitBreaker.State.CLOSED);

        postgresDown.set(false);
        await().atMost(DEADLINE).until(() -> {
            time.advance(Duration.ofSeconds(1));
            return queue.stats().deadLetters() == 1 && drained();
        });

        assertThat(queue.deadLetters()).containsExactly("poison-1");
        assertThat(applied).containsExactly("batch-1");
    }

    @Test
    void aGroupHeldUpByAnOutageIsGivenBackWholeAndNotCountedAsAFailedAttempt() {
        List<String> group = List.of("batch-1", "batch-2", "batch-3");
        group.forEach(queue::publish);
        AtomicInteger groupsTried = new AtomicInteger();
        postgresDown.set(true);
        loops.add(DeliveryLoop.<String>grouped("aggregator", "aggregator-1", queue, 50, deliveries -> {
            groupsTried.incrementAndGet();
            if (postgresDown.get()) {
                throw new PortUnavailableException("aggregate store", "PostgreSQL", "Connection refused", null);
            }
            Map<Delivery<String>, RuntimeException> failed = new LinkedHashMap<>();
            deliveries.forEach(d -> applied.add(d.message()));
            return failed;
        }, breakers).start());

        await().atMost(DEADLINE).until(() -> groupsTried.get() > MAX_RECEIVES * 3);
        postgresDown.set(false);
        await().atMost(DEADLINE).until(() -> applied.containsAll(group) && drained());

        assertThat(queue.stats().deadLetters()).isZero();
    }

    private boolean drained() {
        return queue.stats().waiting() == 0 && queue.stats().inFlight() == 0;
    }
}
