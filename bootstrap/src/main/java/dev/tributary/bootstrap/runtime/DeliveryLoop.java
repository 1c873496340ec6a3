package dev.tributary.bootstrap.runtime;

import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.MessageQueue.Delivery;
import dev.tributary.application.port.out.PortUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One worker thread draining a queue into a pipeline step. Lifecycle:
 * <ol>
 *   <li>start: a daemon thread named after the worker;</li>
 *   <li>gate: while a dependency the step needs is down (its breaker open, {@link DependencyBreakers}), receive
 *       nothing and wait; when the breaker half-opens, one loop receives a single message as the probe;</li>
 *   <li>receive: a long poll for up to {@value #RECEIVE_MAX} messages (or a group, {@link #grouped});</li>
 *   <li>apply: run the step for each message, or once for all of them;</li>
 *   <li>settle: acknowledge the messages whose effect the step made durable (invariant 3); give back (release) those
 *       held up by a dependency that is down ({@link PortUnavailableException}), which does not count as a failed
 *       attempt (the queue undoes the receive), and tell the breaker (invariant 8); leave unacknowledged those that failed
 *       by themselves, so the queue delivers them again and dead-letters them after too many tries (invariant 4);</li>
 *   <li>stop: {@link #close()} finishes the messages in hand, then the thread ends.</li>
 * </ol>
 */
public final class DeliveryLoop<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
    static final int RECEIVE_MAX = 10;                            // SQS hands out at most 10 per receive
    static final Duration POLL = Duration.ofMillis(500);

    /**
     * A step over the deliveries in hand: returns those that failed, each with its reason; the others are done. A
     * {@link PortUnavailableException} as the reason means the message was held up, not at fault. Throwing fails all.
     */
    @FunctionalInterface
    public interface Step<T> {
        Map<Delivery<T>, RuntimeException> apply(List<Delivery<T>> deliveries);
    }

    private final String worker;
    private final MessageQueue<T> queue;
    private final int groupMax;
    private final Step<T> apply;
    private final DependencyBreakers breakers;
    private final DependencyBreakers.Gate gate;
    private final Thread thread;
    private volatile boolean running = true;

    private DeliveryLoop(String step, String worker, MessageQueue<T> queue, int groupMax, Step<T> apply,
                         DependencyBreakers breakers) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.groupMax = groupMax;
        this.apply = Objects.requireNonNull(apply, "apply");
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        this.gate = breakers.gate(step);
        this.thread = new Thread(this::loop, "tributary-" + worker);
        this.thread.setDaemon(true);
    }

    /**
     * A loop of {@code step} (the gate its loops share, e.g. "transformer") that applies each message on its own: a
     * message that fails does not hold back the others, but a dependency found down holds back the rest.
     */
    public static <T> DeliveryLoop<T> each(String step, String worker, MessageQueue<T> queue, Consumer<T> apply,
                                           DependencyBreakers breakers) {
        Objects.requireNonNull(apply, "apply");
        return new DeliveryLoop<>(step, worker, queue, RECEIVE_MAX, deliveries -> {
            Map<Delivery<T>, RuntimeException> failed = new LinkedHashMap<>();
            PortUnavailableException down = null;
            for (Delivery<T> delivery : deliveries) {
                if (down != null) {
                    failed.put(delivery, down);     // the dependency is down: the rest wait with this one
                    continue;
                }
                try {
                    apply.accept(delivery.message());
                } catch (PortUnavailableException e) {
                    down = e;
                    failed.put(delivery, e);
                } catch (RuntimeException e) {
                    failed.put(delivery, e);
                }
            }
            return failed;
        }, breakers);
    }

    /**
     * A loop that waits for a first message, takes what else is ready at once up to {@code groupMax}, and hands the
     * group to {@code applyGroup} in one go.
     */
    public static <T> DeliveryLoop<T> grouped(String step, String worker, MessageQueue<T> queue, int groupMax,
                                              Step<T> applyGroup, DependencyBreakers breakers) {
        if (groupMax < 1) {
            throw new IllegalArgumentException("groupMax must be >= 1: " + groupMax);
        }
        return new DeliveryLoop<>(step, worker, queue, groupMax, applyGroup, breakers);
    }

    public DeliveryLoop<T> start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            DependencyBreakers.Permit permit = gate.enter();
            if (permit == null) {
                pause();
                continue;
            }
            List<Delivery<T>> messages;
            try {
                messages = receive(permit.probe() ? 1 : groupMax);
            } catch (PortUnavailableException e) {
                permit.failed(e);
                LOG.atWarn().addKeyValue("step", worker).addKeyValue("dependency", e.dependency())
                        .addKeyValue("error", e.toString()).log("receive failed, dependency unavailable");
                continue;
            } catch (RuntimeException e) {
                permit.inconclusive();
                LOG.atWarn().addKeyValue("step", worker).setCause(e).log("receive failed, retrying");
                pause();
                continue;
            }
            if (messages.isEmpty()) {
                permit.inconclusive();
                continue;
            }
            Map<Delivery<T>, RuntimeException> failures;
            try {
                failures = apply.apply(messages);
            } catch (RuntimeException e) {
                failures = new LinkedHashMap<>();
                for (Delivery<T> message : messages) {
                    failures.put(message, e);
                }
            }
            settle(messages, failures, permit);
        }
    }

    /** Waits for a first message, then takes what else is ready at once, up to {@code max}. */
    private List<Delivery<T>> receive(int max) {
        List<Delivery<T>> group = new ArrayList<>();
        List<Delivery<T>> received = queue.receive(Math.min(RECEIVE_MAX, max), POLL);
        while (!received.isEmpty()) {
            group.addAll(received);
            if (group.size() >= max || max <= RECEIVE_MAX) {  // one receive can bring that many
                break;
            }
            received = queue.receive(Math.min(RECEIVE_MAX, max - group.size()), Duration.ZERO);
        }
        return group;
    }

    private void settle(List<Delivery<T>> messages, Map<Delivery<T>, RuntimeException> failures,
                        DependencyBreakers.Permit permit) {
        int done = 0;
        PortUnavailableException down = null;
        List<Delivery<T>> heldUp = new ArrayList<>();
        for (Delivery<T> message : messages) {
            RuntimeException failure = failures.get(message);
            if (failure == null) {
                acknowledge(message);
                done++;
            } else if (failure instanceof PortUnavailableException unavailable) {
                down = down == null ? unavailable : down;
                heldUp.add(message);
            }
        }
        long failed = messages.size() - done - heldUp.size();
        if (failed > 0) {
            RuntimeException first = failures.values().stream().filter(f -> !(f instanceof PortUnavailableException))
                    .findFirst().orElseThrow();
            LOG.atWarn().addKeyValue("step", worker).addKeyValue("messages", failed).addKeyValue("error", first.toString())
                    .log("step failed, message will be delivered again");
        }
        if (down == null) {
            if (done > 0) {
                permit.succeeded();
            } else {
                permit.inconclusive();
            }
            return;
        }
        // Invariant 8: held up by an outage, not at fault: given back without counting the receive.
        for (Delivery<T> message : heldUp) {
            release(message);
        }
        LOG.atWarn().addKeyValue("step", worker).addKeyValue("dependency", down.dependency())
                .addKeyValue("port", down.port()).addKeyValue("messages", heldUp.size())
                .log("dependency unavailable, messages given back to the queue");
        permit.failed(down);
    }

    private void acknowledge(Delivery<T> message) {
        try {
            queue.acknowledge(message);
        } catch (RuntimeException e) {
            // A lost acknowledgement means one more delivery, which the step's idempotency absorbs.
            LOG.atWarn().addKeyValue("step", worker).addKeyValue("error", e.toString())
                    .log("acknowledgement failed, message will be delivered again");
        }
    }

    /**
     * Visible again at once: while the breaker is open no loop of this step receives but the one probe, and until it
     * opens a retry right away is what a closed breaker is for.
     */
    private void release(Delivery<T> message) {
        try {
            queue.release(message, Duration.ZERO);
        } catch (RuntimeException e) {
            // Not released, it comes back after its visibility timeout, one receive spent.
            LOG.atWarn().addKeyValue("step", worker).addKeyValue("error", e.toString())
                    .log("release failed, message comes back after its visibility timeout");
        }
    }

    private void pause() {
        try {
            breakers.pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
