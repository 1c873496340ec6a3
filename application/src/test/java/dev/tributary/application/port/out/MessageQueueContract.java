package dev.tributary.application.port.out;

import dev.tributary.application.port.out.MessageQueue.Delivery;
import dev.tributary.domain.scaling.QueueStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link MessageQueue} adapter promises, whatever it carries: redelivery after the visibility timeout,
 * dead letters after {@code maxReceives}, released messages back after their delay and never counted toward the dead
 * letters, long polling, stats, exactly one delivery per acknowledged message under concurrency. Timeouts are whole seconds (SQS counts visibility in seconds); queues that are {@link AutoCloseable}
 * are closed after each test. No assertion here is about speed: that is measured in {@code bench/}.
 *
 * @param <M> what is published
 */
public abstract class MessageQueueContract<M> {
    private static final Duration LONG_VISIBILITY = Duration.ofSeconds(30);
    private final List<MessageQueue<M>> created = new ArrayList<>();

    /** A new, empty queue; a message received {@code maxReceives} times without acknowledgement is dead-lettered. */
    protected abstract MessageQueue<M> newQueue(Duration visibilityTimeout, int maxReceives);

    /** A message no other call returned. */
    protected abstract M newMessage();

    private MessageQueue<M> queue(Duration visibilityTimeout, int maxReceives) {
        MessageQueue<M> queue = newQueue(visibilityTimeout, maxReceives);
        created.add(queue);
        return queue;
    }

    @AfterEach
    void closeQueues() throws Exception {
        for (MessageQueue<M> queue : created) {
            if (queue instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void publishedMessageIsReceivedWholeOnFirstAttempt() {
        MessageQueue<M> queue = queue(LONG_VISIBILITY, 3);
        M message = newMessage();

        queue.publish(message);
        List<Delivery<M>> received = queue.receive(10, Duration.ofSeconds(2));

        assertThat(received).hasSize(1);
        assertThat(received.get(0).message()).isEqualTo(message);
        assertThat(received.get(0).attempt()).isEqualTo(1);
    }

    @Test
    void acknowledgedMessageIsNeverDeliveredAgain() {
        MessageQueue<M> queue = queue(Duration.ofSeconds(1), 3);
        queue.publish(newMessage());
        Delivery<M> delivery = queue.receive(1, Duration.ofSeconds(2)).get(0);

        queue.acknowledge(delivery);

        assertThat(queue.receive(10, Duration.ofSeconds(2))).isEmpty();
        assertThat(queue.stats().waiting() + queue.stats().inFlight()).isZero();
    }

    @Test
    void unacknowledgedMessageIsDeliveredAgainAfterVisibilityTimeoutWithAttemptIncremented() {
        MessageQueue<M> queue = queue(Duration.ofSeconds(1), 5);
        M message = newMessage();
        queue.publish(message);
        queue.receive(1, Duration.ofSeconds(2));                  // received, never acknowledged

        List<Delivery<M>> hidden = queue.receive(10, Duration.ZERO);
        List<Delivery<M>> again = queue.receive(1, Duration.ofSeconds(3));

        assertThat(hidden).isEmpty();
        assertThat(again).extracting(Delivery::message).containsExactly(message);
        assertThat(again.get(0).attempt()).isEqualTo(2);
    }

    @Test
    void receiveReturnsAtMostMax() {
        MessageQueue<M> queue = queue(LONG_VISIBILITY, 3);
        for (int i = 0; i < 5; i++) {
            queue.publish(newMessage());
        }

        List<Delivery<M>> first = queue.receive(2, Duration.ofSeconds(2));

        assertThat(first).hasSizeBetween(1, 2);
        assertThat(drain(queue, 5 - first.size())).hasSize(5 - first.size());
    }

    @Test
    void receiveOnEmptyQueueReturnsEmptyWhenTheWaitIsOver() {
        MessageQueue<M> queue = queue(LONG_VISIBILITY, 3);

        List<Delivery<M>> received = queue.receive(10, Duration.ofSeconds(1));

        assertThat(received).isEmpty();
    }

    @Test
    void aWaitingReceiveGetsAMessagePublishedWhileItWaits() {
        MessageQueue<M> queue = queue(LONG_VISIBILITY, 3);
        M message = newMessage();
        CompletableFuture<List<Delivery<M>>> waiting =
                CompletableFuture.supplyAsync(() -> queue.receive(10, Duration.ofSeconds(20)));

        queue.publish(message);

        assertThat(waiting.join()).extracting(Delivery::message).containsExactly(message);
    }

    @Test
    void messageReceivedMaxReceivesTimesWithoutAcknowledgementGoesToDeadLettersAndIsNotDeliveredAgain() {
        MessageQueue<M> queue = queue(Duration.ofSeconds(1), 2);
        M message = newMessage();
        queue.publish(message);
        assertThat(queue.receive(1, Duration.ofSeconds(2))).hasSize(1);
        assertThat(queue.receive(1, Duration.ofSeconds(3))).extracting(Delivery::attempt).containsExactly(2);

        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            assertThat(queue.receive(10, Duration.ofSeconds(1))).isEmpty();
            assertThat(queue.stats().deadLetters()).isEqualTo(1);
        });

        assertThat(queue.receive(10, Duration.ofSeconds(1))).isEmpty();
        assertThat(queue.stats().waiting() + queue.stats().inFlight()).isZero();
    }

    @Test
    void releasedMessageIsDeliveredAgainOnceTheDelayIsOver() {
        MessageQueue<M> queue = queue(LONG_VISIBILITY, 5);
        M message = newMessage();
        queue.publish(message);
        Delivery<M> first = queue.receive(1, Duration.ofSeconds(2)).get(0);

        queue.release(first, Duration.ofSeconds(1));
        List<Delivery<M>> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> again.addAll(queue.receive(1, Duration.ofSeconds(1))));

        assertThat(again).extracting(Delivery::message).containsExactly(message);
        assertThat(again.get(0).attempt()).isEqualTo(1);
    }

    @Test
    void aReleaseUndoesTheReceiveSoAnOutageNeverDeadLettersAMessage() {
        MessageQueue<M> queue = queue(LONG_VISIBILITY, 2);
        M message = newMessage();
        queue.publish(message);

        for (int i = 0; i < 5; i++) {                  // more often than max receives, as an outage's probes would
            Delivery<M> delivery = queue.receive(1, Duration.ofSeconds(2)).get(0);
            assertThat(delivery.attempt()).isEqualTo(1);
            queue.release(delivery, Duration.ZERO);
        }

        assertThat(queue.receive(1, Duration.ofSeconds(2))).extracting(Delivery::message).containsExactly(message);
        assertThat(queue.stats().deadLetters()).isZero();
    }

    @Test
    void statsCountWaitingAndInFlightMessages() {
        MessageQueue<M> queue = queue(LONG_VISIBILITY, 3);
        assertThat(queue.stats()).isEqualTo(QueueStats.EMPTY);
        for (int i = 0; i < 3; i++) {
            queue.publish(newMessage());
        }

        QueueStats published = queue.stats();
        Delivery<M> delivery = queue.receive(1, Duration.ofSeconds(2)).get(0);
        QueueStats received = queue.stats();
        queue.acknowledge(delivery);
        QueueStats acknowledged = queue.stats();

        assertThat(published.waiting()).isEqualTo(3);
        assertThat(published.inFlight()).isZero();
        assertThat(published.oldestAge()).isBetween(Duration.ZERO, Duration.ofMinutes(1));
        assertThat(received.waiting()).isEqualTo(2);
        assertThat(received.inFlight()).isEqualTo(1);
        assertThat(acknowledged.waiting()).isEqualTo(2);
        assertThat(acknowledged.inFlight()).isZero();
        assertThat(acknowledged.deadLetters()).isZero();
    }

    @Test
    void messagesPublishedConcurrentlyAreEachReceivedExactlyOnceWhenAcknowledged() throws Exception {
        MessageQueue<M> queue = queue(LONG_VISIBILITY, 3);
        int threads = 8;
        int perThread = 25;
        Set<M> published = ConcurrentHashMap.newKeySet();
        ExecutorService publishers = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        M message = newMessage();
                        queue.publish(message);
                        published.add(message);
                    }
                }, publishers));
            }

            List<Delivery<M>> received = drain(queue, threads * perThread);
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();

            assertThat(received).extracting(Delivery::message).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(published);
            assertThat(queue.receive(10, Duration.ofSeconds(1))).isEmpty();
        } finally {
            publishers.shutdown();
            publishers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deadLetterComesBackAfterRedriveWithAFreshReceiveCountAndCanBeAcknowledged() {
        MessageQueue<M> queue = queue(Duration.ofSeconds(1), 2);
        M message = newMessage();
        deadLetter(queue, List.of(message));

        long moved = queue.redriveDeadLetters(m -> true);
        List<Delivery<M>> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> again.addAll(queue.receive(1, Duration.ofSeconds(1))));
        queue.acknowledge(again.get(0));

        assertThat(moved).isEqualTo(1);
        assertThat(again).extracting(Delivery::message).containsExactly(message);
        assertThat(again.get(0).attempt()).isEqualTo(1);
        assertThat(queue.stats().deadLetters()).isZero();
        assertThat(queue.receive(10, Duration.ofSeconds(2))).isEmpty();
        assertThat(queue.stats().waiting() + queue.stats().inFlight()).isZero();
    }

    @Test
    void redriveMovesOnlyTheDeadLettersThePredicateAccepts() {
        MessageQueue<M> queue = queue(Duration.ofSeconds(1), 1);
        M wanted = newMessage();
        M other = newMessage();
        deadLetter(queue, List.of(wanted, other));

        long moved = queue.redriveDeadLetters(wanted::equals);
        List<Delivery<M>> received = drain(queue, 1);

        assertThat(moved).isEqualTo(1);
        assertThat(received).extracting(Delivery::message).containsExactly(wanted);
        assertThat(queue.receive(10, Duration.ofSeconds(1))).isEmpty();
        assertThat(queue.stats().deadLetters()).isEqualTo(1);
        assertThat(queue.redriveDeadLetters(other::equals)).isEqualTo(1);
        assertThat(drain(queue, 1)).extracting(Delivery::message).containsExactly(other);
    }

    @Test
    void redrivingTwiceMovesNothingTheSecondTime() {
        MessageQueue<M> queue = queue(Duration.ofSeconds(1), 1);
        deadLetter(queue, List.of(newMessage(), newMessage()));

        long first = queue.redriveDeadLetters(m -> true);
        long second = queue.redriveDeadLetters(m -> true);

        assertThat(first).isEqualTo(2);
        assertThat(second).isZero();
        assertThat(drain(queue, 2)).hasSize(2);
        assertThat(queue.receive(10, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void redriveWithoutDeadLettersMovesNothing() {
        MessageQueue<M> queue = queue(LONG_VISIBILITY, 3);
        queue.publish(newMessage());

        assertThat(queue.redriveDeadLetters(m -> true)).isZero();
        assertThat(queue.stats().waiting()).isEqualTo(1);
    }

    /** Publishes the messages and receives them without acknowledging until each one is a dead letter. */
    protected void deadLetter(MessageQueue<M> queue, List<M> messages) {
        messages.forEach(queue::publish);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            queue.receive(10, Duration.ofSeconds(1));
            assertThat(queue.stats().deadLetters()).isEqualTo(messages.size());
        });
        assertThat(queue.stats().waiting() + queue.stats().inFlight()).isZero();
    }

    /** Receives and acknowledges until {@code count} deliveries arrived or 20 s passed. */
    private List<Delivery<M>> drain(MessageQueue<M> queue, int count) {
        List<Delivery<M>> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Delivery<M> d : queue.receive(10, Duration.ofSeconds(1))) {
                queue.acknowledge(d);
                all.add(d);
            }
            return all.size() >= count;
        });
        return all;
    }
}
