package dev.tributary.bootstrap.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One worker thread draining a queue into a pipeline step. Lifecycle:
 * <ol>
 *   <li>start: a daemon thread named after the step;</li>
 *   <li>receive: a long poll for up to a handful of messages;</li>
 *   <li>apply: run the step for each message, or once for all of them ({@link #grouped});</li>
 *   <li>acknowledge: only the messages whose effect the step made durable (invariant 3); a failed step leaves its
 *       messages unacknowledged so the queue delivers them again and dead-letters them after too many tries;</li>
 *   <li>stop: {@link #close()} finishes the messages in hand, then the thread ends.</li>
 * </ol>
 */
public final class DeliveryLoop<M> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    private final String step;
    private final Supplier<List<M>> receive;
    private final Function<List<M>, List<M>> apply;
    private final Consumer<M> acknowledge;
    private final Thread thread;
    private volatile boolean running = true;

    /** A loop that applies each message on its own; a failed message does not hold back the others. */
    public DeliveryLoop(String step, Supplier<List<M>> receive, Consumer<M> apply, Consumer<M> acknowledge) {
        this(step, receive, acknowledge, eachOf(step, Objects.requireNonNull(apply, "apply")));
    }

    private DeliveryLoop(String step, Supplier<List<M>> receive, Consumer<M> acknowledge,
                         Function<List<M>, List<M>> applyGroup) {
        this.step = Objects.requireNonNull(step, "step");
        this.receive = receive;
        this.apply = applyGroup;
        this.acknowledge = acknowledge;
        this.thread = new Thread(this::loop, "tributary-" + step);
        this.thread.setDaemon(true);
    }

    /**
     * A loop that hands every message received in one go to {@code applyGroup}, which returns the messages whose
     * effect is durable; only those are acknowledged. If it throws, none is.
     */
    public static <M> DeliveryLoop<M> grouped(String step, Supplier<List<M>> receive,
                                              Function<List<M>, List<M>> applyGroup, Consumer<M> acknowledge) {
        return new DeliveryLoop<>(step, receive, acknowledge, Objects.requireNonNull(applyGroup, "applyGroup"));
    }

    private static <M> Function<List<M>, List<M>> eachOf(String step, Consumer<M> apply) {
        return messages -> {
            List<M> done = new ArrayList<>();
            for (M message : messages) {
                try {
                    apply.accept(message);
                    done.add(message);
                } catch (RuntimeException e) {
                    failed(step, 1, e);
                }
            }
            return done;
        };
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
            if (messages.isEmpty()) {
                continue;
            }
            List<M> done;
            try {
                done = apply.apply(messages);
            } catch (RuntimeException e) {
                failed(step, messages.size(), e);
                continue;
            }
            for (M message : done) {
                try {
                    acknowledge.accept(message);
                } catch (RuntimeException e) {
                    // A lost acknowledgement means one more delivery, which the step's idempotency absorbs.
                    LOG.atWarn().addKeyValue("step", step).addKeyValue("error", e.toString())
                            .log("acknowledgement failed, message will be delivered again");
                }
            }
        }
    }

    /** Left unacknowledged: the queue redelivers after its visibility timeout. */
    private static void failed(String step, int messages, RuntimeException e) {
        LOG.atWarn().addKeyValue("step", step).addKeyValue("messages", messages).addKeyValue("error", e.toString())
                .log("step failed, message will be delivered again");
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
