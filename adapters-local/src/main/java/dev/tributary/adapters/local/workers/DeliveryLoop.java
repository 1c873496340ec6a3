package dev.tributary.adapters.local.workers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One worker thread draining a queue into a pipeline step. Lifecycle:
 * <ol>
 *   <li>start: a daemon thread named after the step;</li>
 *   <li>receive: a long poll for up to a handful of messages;</li>
 *   <li>apply: run the step for each message;</li>
 *   <li>acknowledge: only after the step returned, i.e. its effect is durable (invariant 3); a failed step leaves
 *       the message unacknowledged so the queue delivers it again and dead-letters it after too many tries;</li>
 *   <li>stop: {@link #close()} finishes the message in hand, then the thread ends.</li>
 * </ol>
 */
public final class DeliveryLoop<M> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    private final String step;
    private final Supplier<List<M>> receive;
    private final Consumer<M> apply;
    private final Consumer<M> acknowledge;
    private final Thread thread;
    private volatile boolean running = true;

    public DeliveryLoop(String step, Supplier<List<M>> receive, Consumer<M> apply, Consumer<M> acknowledge) {
        this.step = Objects.requireNonNull(step, "step");
        this.receive = receive;
        this.apply = apply;
        this.acknowledge = acknowledge;
        this.thread = new Thread(this::loop, "tributary-" + step);
        this.thread.setDaemon(true);
    }

    public DeliveryLoop<M> start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            List<M> messages;
            try {
                messages = receive.get();
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("step", step).setCause(e).log("receive failed, retrying");
                pause();
                continue;
            }
            for (M message : messages) {
                try {
                    apply.accept(message);
                    acknowledge.accept(message);
                } catch (RuntimeException e) {
                    // Left unacknowledged: the queue redelivers it after its visibility timeout.
                    LOG.atWarn().addKeyValue("step", step).addKeyValue("error", e.toString())
                            .log("step failed, message will be delivered again");
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(500);
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
