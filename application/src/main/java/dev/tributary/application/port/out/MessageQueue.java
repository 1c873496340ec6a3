package dev.tributary.application.port.out;

import dev.tributary.domain.scaling.QueueStats;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A durable, at-least-once queue of one kind of message. The pipeline has two kinds: the ingest queue carries whole
 * batches ({@code MessageQueue<Batch>}, SQS on AWS, an fsynced file locally), and one notice queue per zone carries
 * the keys of lake objects written ({@code MessageQueue<ObjectKey>}: raw → transformation, transformed → staging,
 * staged → aggregators; on AWS S3 event notifications).
 * <p>
 * A message received but not acknowledged within the visibility timeout is delivered again, also after a crash;
 * after the queue's maximum number of receives it moves to the dead-letter queue instead (invariant 4). Consumers
 * must be idempotent and may see messages out of order.
 *
 * @param <M> what travels: a batch or an object key
 */
public interface MessageQueue<M> {

    /** Returns only once the message is durable (SQS accepted it / the local file is fsynced): invariant 1. */
    void publish(M message);

    /** Waits up to {@code wait} for at least one message; returns at most {@code max}. */
    List<Delivery<M>> receive(int max, Duration wait);

    /** Deletes the delivered message for good; call only after its effect is durable (invariant 3). */
    void acknowledge(Delivery<M> delivery);

    /**
     * Gives a received message back unprocessed because a dependency of its step is down, not the message (invariant
     * 8): it is delivered again once {@code delay} has passed, and that receive no longer counts toward the dead-letter
     * queue, however often it is given back (the local queues undo the receive; SQS, which cannot lower a message's
     * ApproximateReceiveCount, sends it again as a new message). A receipt already acknowledged, released or timed out
     * is ignored.
     */
    void release(Delivery<M> delivery, Duration delay);

    QueueStats stats();

    /**
     * Moves the dead letters {@code which} accepts back onto this queue and returns how many moved; the others stay
     * dead (invariant 4: every dead letter can be redriven). A moved message starts over with a fresh receive count
     * and its published copy is durable before it leaves the dead letters, so the move is at-least-once: a crash
     * mid-redrive may leave a message both published and still dead, and a second redrive moves it again. That
     * duplicate is harmless because consumers are idempotent and the ledger counts a batch once (invariant 2).
     * Redriving when nothing matches moves nothing, so a finished redrive repeated moves 0. A dead letter this queue
     * cannot read is never offered to {@code which} and stays dead.
     */
    long redriveDeadLetters(Predicate<? super M> which);

    /** A received message, how many times it has been received (1 on first delivery) and the handle that acknowledges it. */
    record Delivery<M>(M message, int attempt, String receipt) {
        public Delivery {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(receipt, "receipt");
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
            }
        }
    }
}
