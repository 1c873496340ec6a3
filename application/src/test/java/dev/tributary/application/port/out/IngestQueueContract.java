package dev.tributary.application.port.out;

import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.IngestQueue.Delivery;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
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
 * What every {@link IngestQueue} adapter promises. Timeouts are whole seconds (SQS counts visibility in seconds);
 * instances that are {@link AutoCloseable} are closed after each test.
 */
public abstract class IngestQueueContract {
    private static final Duration LONG_VISIBILITY = Duration.ofSeconds(30);
    private final List<IngestQueue> created = new ArrayList<>();

    /** A new, empty queue; a message received {@code maxReceives} times without acknowledgement is dead-lettered. */
    protected abstract IngestQueue newQueue(Duration visibilityTimeout, int maxReceives);

    private IngestQueue queue(Duration visibilityTimeout, int maxReceives) {
        IngestQueue queue = newQueue(visibilityTimeout, maxReceives);
        created.add(queue);
        return queue;
    }

    @AfterEach
    void closeQueues() throws Exception {
        for (IngestQueue queue : created) {
            if (queue instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void publishedBatchIsReceivedWholeOnFirstAttempt() {
        IngestQueue queue = queue(LONG_VISIBILITY, 3);
        Batch batch = TestBatches.orders(3);

        queue.publish(batch);
        List<Delivery> received = queue.receive(10, Duration.ofSeconds(2));

        assertThat(received).hasSize(1);
        assertThat(received.get(0).batch()).isEqualTo(batch);
        assertThat(received.get(0).attempt()).isEqualTo(1);
    }

    @Test
    void acknowledgedBatchIsNeverDeliveredAgain() {
        IngestQueue queue = queue(Duration.ofSeconds(1), 3);
        queue.publish(TestBatches.orders(1));
        Delivery delivery = queue.receive(1, Duration.ofSeconds(2)).get(0);

        queue.acknowledge(delivery);

        assertThat(queue.receive(10, Duration.ofSeconds(2))).isEmpty();
        assertThat(queue.stats().waiting() + queue.stats().inFlight()).isZero();
    }

    @Test
    void unacknowledgedBatchIsDeliveredAgainAfterVisibilityTimeoutWithAttemptIncremented() {
        IngestQueue queue = queue(Duration.ofSeconds(1), 5);
        Batch batch = TestBatches.orders(2);
        queue.publish(batch);
        queue.receive(1, Duration.ofSeconds(2));                  // received, never acknowledged

        List<Delivery> hidden = queue.receive(10, Duration.ZERO);
        List<Delivery> again = queue.receive(1, Duration.ofSeconds(3));

        assertThat(hidden).isEmpty();
        assertThat(again).extracting(d -> d.batch().id()).containsExactly(batch.id());
        assertThat(again.get(0).attempt()).isEqualTo(2);
    }

    @Test
    void receiveReturnsAtMostMax() {
        IngestQueue queue = queue(LONG_VISIBILITY, 3);
        for (int i = 0; i < 5; i++) {
            queue.publish(TestBatches.orders(1));
        }

        List<Delivery> first = queue.receive(2, Duration.ofSeconds(2));

        assertThat(first).hasSizeBetween(1, 2);
        assertThat(drain(queue, 5 - first.size())).hasSize(5 - first.size());
    }

    @Test
    void receiveOnEmptyQueueWaitsUpToWaitAndReturnsEmpty() {
        IngestQueue queue = queue(LONG_VISIBILITY, 3);
        long start = System.nanoTime();

        List<Delivery> received = queue.receive(10, Duration.ofSeconds(1));

        assertThat(received).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void waitingReceiveReturnsSoonAfterABatchIsPublished() {
        IngestQueue queue = queue(LONG_VISIBILITY, 3);
        Batch batch = TestBatches.orders(1);
        long start = System.nanoTime();
        CompletableFuture<List<Delivery>> waiting =
                CompletableFuture.supplyAsync(() -> queue.receive(10, Duration.ofSeconds(10)));

        queue.publish(batch);

        assertThat(waiting.join()).extracting(d -> d.batch().id()).containsExactly(batch.id());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void batchReceivedMaxReceivesTimesWithoutAcknowledgementGoesToDeadLettersAndIsNotDeliveredAgain() {
        IngestQueue queue = queue(Duration.ofSeconds(1), 2);
        Batch batch = TestBatches.orders(1);
        queue.publish(batch);
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
    void statsCountWaitingAndInFlightBatches() {
        IngestQueue queue = queue(LONG_VISIBILITY, 3);
        assertThat(queue.stats()).isEqualTo(QueueStats.EMPTY);
        for (int i = 0; i < 3; i++) {
            queue.publish(TestBatches.orders(1));
        }

        QueueStats published = queue.stats();
        Delivery delivery = queue.receive(1, Duration.ofSeconds(2)).get(0);
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
    void batchesPublishedConcurrentlyAreEachReceivedExactlyOnceWhenAcknowledged() throws Exception {
        IngestQueue queue = queue(LONG_VISIBILITY, 3);
        int threads = 8;
        int perThread = 25;
        Set<BatchId> published = ConcurrentHashMap.newKeySet();
        ExecutorService publishers = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Batch batch = TestBatches.orders(1);
                        queue.publish(batch);
                        published.add(batch.id());
                    }
                }, publishers));
            }

            List<Delivery> received = drain(queue, threads * perThread);
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();

            assertThat(received).extracting(d -> d.batch().id()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(published);
            assertThat(queue.receive(10, Duration.ofSeconds(1))).isEmpty();
        } finally {
            publishers.shutdown();
            publishers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Receives and acknowledges until {@code count} deliveries arrived or 20 s passed. */
    private static List<Delivery> drain(IngestQueue queue, int count) {
        List<Delivery> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Delivery d : queue.receive(10, Duration.ofSeconds(1))) {
                queue.acknowledge(d);
                all.add(d);
            }
            return all.size() >= count;
        });
        return all;
    }
}
