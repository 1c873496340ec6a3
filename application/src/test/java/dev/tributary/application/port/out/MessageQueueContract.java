package dev.tributary.application.port.out;

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
 * The at-least-once promises {@link IngestQueue} and {@link NoticeQueue} share: redelivery after the visibility
 * timeout, dead letters after {@code maxReceives}, long polling, stats, exactly one delivery per acknowledged message
 * under concurrency. Timeouts are whole seconds (SQS counts visibility in seconds); queues that are
 * {@link AutoCloseable} are closed after each test.
 *
 * @param <Q> the port
 * @param <M> what is published
 * @param <D> what is received
 */
abstract class MessageQueueContract<Q, M, D> {
    private static final Duration LONG_VISIBILITY = Duration.ofSeconds(30);
    private final List<Q> created = new ArrayList<>();

    /** A new, empty queue; a message received {@code maxReceives} times without acknowledgement is dead-lettered. */
    protected abstract Q newQueue(Duration visibilityTimeout, int maxReceives);

    /** A message no other call returned. */
    abstract M newMessage();

    abstract void publish(Q queue, M message);

    abstract List<D> receive(Q queue, int max, Duration wait);

    abstract void acknowledge(Q queue, D delivery);

    abstract QueueStats stats(Q queue);

    abstract M messageOf(D delivery);

    abstract int attemptOf(D delivery);

    private Q queue(Duration visibilityTimeout, int maxReceives) {
        Q queue = newQueue(visibilityTimeout, maxReceives);
        created.add(queue);
        return queue;
    }

    @AfterEach
    void closeQueues() throws Exception {
        for (Q queue : created) {
            if (queue instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void publishedMessageIsReceivedWholeOnFirstAttempt() {
        Q queue = queue(LONG_VISIBILITY, 3);
        M message = newMessage();

        publish(queue, message);
        List<D> received = receive(queue, 10, Duration.ofSeconds(2));

        assertThat(received).hasSize(1);
        assertThat(messageOf(received.get(0))).isEqualTo(message);
        assertThat(attemptOf(received.get(0))).isEqualTo(1);
    }

    @Test
    void acknowledgedMessageIsNeverDeliveredAgain() {
        Q queue = queue(Duration.ofSeconds(1), 3);
        publish(queue, newMessage());
        D delivery = receive(queue, 1, Duration.ofSeconds(2)).get(0);

        acknowledge(queue, delivery);

        assertThat(receive(queue, 10, Duration.ofSeconds(2))).isEmpty();
        assertThat(stats(queue).waiting() + stats(queue).inFlight()).isZero();
    }

    @Test
    void unacknowledgedMessageIsDeliveredAgainAfterVisibilityTimeoutWithAttemptIncremented() {
        Q queue = queue(Duration.ofSeconds(1), 5);
        M message = newMessage();
        publish(queue, message);
        receive(queue, 1, Duration.ofSeconds(2));                  // received, never acknowledged

        List<D> hidden = receive(queue, 10, Duration.ZERO);
        List<D> again = receive(queue, 1, Duration.ofSeconds(3));

        assertThat(hidden).isEmpty();
        assertThat(again).extracting(this::messageOf).containsExactly(message);
        assertThat(attemptOf(again.get(0))).isEqualTo(2);
    }

    @Test
    void receiveReturnsAtMostMax() {
        Q queue = queue(LONG_VISIBILITY, 3);
        for (int i = 0; i < 5; i++) {
            publish(queue, newMessage());
        }

        List<D> first = receive(queue, 2, Duration.ofSeconds(2));

        assertThat(first).hasSizeBetween(1, 2);
        assertThat(drain(queue, 5 - first.size())).hasSize(5 - first.size());
    }

    @Test
    void receiveOnEmptyQueueWaitsUpToWaitAndReturnsEmpty() {
        Q queue = queue(LONG_VISIBILITY, 3);
        long start = System.nanoTime();

        List<D> received = receive(queue, 10, Duration.ofSeconds(1));

        assertThat(received).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void waitingReceiveReturnsSoonAfterAMessageIsPublished() {
        Q queue = queue(LONG_VISIBILITY, 3);
        M message = newMessage();
        long start = System.nanoTime();
        CompletableFuture<List<D>> waiting =
                CompletableFuture.supplyAsync(() -> receive(queue, 10, Duration.ofSeconds(10)));

        publish(queue, message);

        assertThat(waiting.join()).extracting(this::messageOf).containsExactly(message);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void messageReceivedMaxReceivesTimesWithoutAcknowledgementGoesToDeadLettersAndIsNotDeliveredAgain() {
        Q queue = queue(Duration.ofSeconds(1), 2);
        M message = newMessage();
        publish(queue, message);
        assertThat(receive(queue, 1, Duration.ofSeconds(2))).hasSize(1);
        assertThat(receive(queue, 1, Duration.ofSeconds(3))).extracting(this::attemptOf).containsExactly(2);

        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            assertThat(receive(queue, 10, Duration.ofSeconds(1))).isEmpty();
            assertThat(stats(queue).deadLetters()).isEqualTo(1);
        });

        assertThat(receive(queue, 10, Duration.ofSeconds(1))).isEmpty();
        assertThat(stats(queue).waiting() + stats(queue).inFlight()).isZero();
    }

    @Test
    void statsCountWaitingAndInFlightMessages() {
        Q queue = queue(LONG_VISIBILITY, 3);
        assertThat(stats(queue)).isEqualTo(QueueStats.EMPTY);
        for (int i = 0; i < 3; i++) {
            publish(queue, newMessage());
        }

        QueueStats published = stats(queue);
        D delivery = receive(queue, 1, Duration.ofSeconds(2)).get(0);
        QueueStats received = stats(queue);
        acknowledge(queue, delivery);
        QueueStats acknowledged = stats(queue);

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
        Q queue = queue(LONG_VISIBILITY, 3);
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
                        publish(queue, message);
                        published.add(message);
                    }
                }, publishers));
            }

            List<D> received = drain(queue, threads * perThread);
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();

            assertThat(received).extracting(this::messageOf).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(published);
            assertThat(receive(queue, 10, Duration.ofSeconds(1))).isEmpty();
        } finally {
            publishers.shutdown();
            publishers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Receives and acknowledges until {@code count} deliveries arrived or 20 s passed. */
    private List<D> drain(Q queue, int count) {
        List<D> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (D d : receive(queue, 10, Duration.ofSeconds(1))) {
                acknowledge(queue, d);
                all.add(d);
            }
            return all.size() >= count;
        });
        return all;
    }
}
