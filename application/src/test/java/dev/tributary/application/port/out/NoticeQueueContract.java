package dev.tributary.application.port.out;

import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.NoticeQueue.Notice;
import dev.tributary.domain.lake.ObjectKey;
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
 * What every {@link NoticeQueue} adapter promises. Timeouts are whole seconds (SQS counts visibility in seconds);
 * instances that are {@link AutoCloseable} are closed after each test.
 */
public abstract class NoticeQueueContract {
    private static final Duration LONG_VISIBILITY = Duration.ofSeconds(30);
    private final List<NoticeQueue> created = new ArrayList<>();

    /** A new, empty queue; a message received {@code maxReceives} times without acknowledgement is dead-lettered. */
    protected abstract NoticeQueue newQueue(Duration visibilityTimeout, int maxReceives);

    private NoticeQueue queue(Duration visibilityTimeout, int maxReceives) {
        NoticeQueue queue = newQueue(visibilityTimeout, maxReceives);
        created.add(queue);
        return queue;
    }

    @AfterEach
    void closeQueues() throws Exception {
        for (NoticeQueue queue : created) {
            if (queue instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void publishedNoticeIsReceivedWholeOnFirstAttempt() {
        NoticeQueue queue = queue(LONG_VISIBILITY, 3);
        ObjectKey key = TestBatches.rawKey();

        queue.publish(key);
        List<Notice> received = queue.receive(10, Duration.ofSeconds(2));

        assertThat(received).hasSize(1);
        assertThat(received.get(0).key()).isEqualTo(key);
        assertThat(received.get(0).attempt()).isEqualTo(1);
    }

    @Test
    void acknowledgedNoticeIsNeverDeliveredAgain() {
        NoticeQueue queue = queue(Duration.ofSeconds(1), 3);
        queue.publish(TestBatches.rawKey());
        Notice delivery = queue.receive(1, Duration.ofSeconds(2)).get(0);

        queue.acknowledge(delivery);

        assertThat(queue.receive(10, Duration.ofSeconds(2))).isEmpty();
        assertThat(queue.stats().waiting() + queue.stats().inFlight()).isZero();
    }

    @Test
    void unacknowledgedNoticeIsDeliveredAgainAfterVisibilityTimeoutWithAttemptIncremented() {
        NoticeQueue queue = queue(Duration.ofSeconds(1), 5);
        ObjectKey key = TestBatches.rawKey();
        queue.publish(key);
        queue.receive(1, Duration.ofSeconds(2));                  // received, never acknowledged

        List<Notice> hidden = queue.receive(10, Duration.ZERO);
        List<Notice> again = queue.receive(1, Duration.ofSeconds(3));

        assertThat(hidden).isEmpty();
        assertThat(again).extracting(d -> d.key()).containsExactly(key);
        assertThat(again.get(0).attempt()).isEqualTo(2);
    }

    @Test
    void receiveReturnsAtMostMax() {
        NoticeQueue queue = queue(LONG_VISIBILITY, 3);
        for (int i = 0; i < 5; i++) {
            queue.publish(TestBatches.rawKey());
        }

        List<Notice> first = queue.receive(2, Duration.ofSeconds(2));

        assertThat(first).hasSizeBetween(1, 2);
        assertThat(drain(queue, 5 - first.size())).hasSize(5 - first.size());
    }

    @Test
    void receiveOnEmptyQueueWaitsUpToWaitAndReturnsEmpty() {
        NoticeQueue queue = queue(LONG_VISIBILITY, 3);
        long start = System.nanoTime();

        List<Notice> received = queue.receive(10, Duration.ofSeconds(1));

        assertThat(received).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void waitingReceiveReturnsSoonAfterANoticeIsPublished() {
        NoticeQueue queue = queue(LONG_VISIBILITY, 3);
        ObjectKey key = TestBatches.rawKey();
        long start = System.nanoTime();
        CompletableFuture<List<Notice>> waiting =
                CompletableFuture.supplyAsync(() -> queue.receive(10, Duration.ofSeconds(10)));

        queue.publish(key);

        assertThat(waiting.join()).extracting(d -> d.key()).containsExactly(key);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void noticeReceivedMaxReceivesTimesWithoutAcknowledgementGoesToDeadLettersAndIsNotDeliveredAgain() {
        NoticeQueue queue = queue(Duration.ofSeconds(1), 2);
        ObjectKey key = TestBatches.rawKey();
        queue.publish(key);
        assertThat(queue.receive(1, Duration.ofSeconds(2))).hasSize(1);
        assertThat(queue.receive(1, Duration.ofSeconds(3))).extracting(Notice::attempt).containsExactly(2);

        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            assertThat(queue.receive(10, Duration.ofSeconds(1))).isEmpty();
            assertThat(queue.stats().deadLetters()).isEqualTo(1);
        });

        assertThat(queue.receive(10, Duration.ofSeconds(1))).isEmpty();
        assertThat(queue.stats().waiting() + queue.stats().inFlight()).isZero();
    }

    @Test
    void statsCountWaitingAndInFlightNotices() {
        NoticeQueue queue = queue(LONG_VISIBILITY, 3);
        assertThat(queue.stats()).isEqualTo(QueueStats.EMPTY);
        for (int i = 0; i < 3; i++) {
            queue.publish(TestBatches.rawKey());
        }

        QueueStats published = queue.stats();
        Notice delivery = queue.receive(1, Duration.ofSeconds(2)).get(0);
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
    void noticesPublishedConcurrentlyAreEachReceivedExactlyOnceWhenAcknowledged() throws Exception {
        NoticeQueue queue = queue(LONG_VISIBILITY, 3);
        int threads = 8;
        int perThread = 25;
        Set<ObjectKey> published = ConcurrentHashMap.newKeySet();
        ExecutorService publishers = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        ObjectKey key = TestBatches.rawKey();
                        queue.publish(key);
                        published.add(key);
                    }
                }, publishers));
            }

            List<Notice> received = drain(queue, threads * perThread);
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();

            assertThat(received).extracting(d -> d.key()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(published);
            assertThat(queue.receive(10, Duration.ofSeconds(1))).isEmpty();
        } finally {
            publishers.shutdown();
            publishers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Receives and acknowledges until {@code count} deliveries arrived or 20 s passed. */
    private static List<Notice> drain(NoticeQueue queue, int count) {
        List<Notice> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Notice d : queue.receive(10, Duration.ofSeconds(1))) {
                queue.acknowledge(d);
                all.add(d);
            }
            return all.size() >= count;
        });
        return all;
    }
}
