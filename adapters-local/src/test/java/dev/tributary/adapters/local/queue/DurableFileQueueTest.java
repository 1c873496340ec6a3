package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.MessageQueue.Delivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Crash recovery, group commit and disk housekeeping of the durable queue; the port semantics are in the contracts. */
class DurableFileQueueTest {
    private static final Duration LONG_VISIBILITY = Duration.ofSeconds(30);
    @TempDir
    Path dir;
    private final List<DurableFileQueue> opened = new ArrayList<>();

    private DurableFileQueue open(Duration visibility, int maxReceives, long segmentBytes) {
        DurableFileQueue queue = new DurableFileQueue(dir, visibility, maxReceives, segmentBytes, Clock.systemUTC());
        opened.add(queue);
        return queue;
    }

    private DurableFileQueue open() {
        return open(LONG_VISIBILITY, 5, DurableFileQueue.DEFAULT_SEGMENT_BYTES);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(DurableFileQueue::close);
    }

    @Test
    void messageReceivedButNotAcknowledgedBeforeCloseIsDeliveredAgainAfterReopenWithItsAttempt() {
        DurableFileQueue before = open();
        before.publish(bytes("a"));
        before.publish(bytes("b"));
        before.publish(bytes("c"));
        List<Delivery<byte[]>> received = before.receive(2, Duration.ofSeconds(1));
        before.acknowledge(received.get(0).receipt());
        before.close();

        DurableFileQueue after = open();
        List<Delivery<byte[]>> again = after.receive(10, Duration.ofSeconds(1));

        assertThat(again).extracting(r -> text(r.message())).containsExactly("b", "c");
        assertThat(again).extracting(Delivery::attempt).containsExactly(2, 1);
        assertThat(after.stats().inFlight()).isEqualTo(2);
    }

    @Test
    void aReleasedReceiveStaysUndoneAfterReopen() {
        DurableFileQueue before = open();
        before.publish(bytes("kept"));
        before.receive(1, Duration.ofSeconds(1));
        before.close();
        DurableFileQueue middle = open();
        Delivery<byte[]> again = middle.receive(1, Duration.ofSeconds(1)).get(0);
        assertThat(again.attempt()).isEqualTo(2);

        assertThat(middle.release(again.receipt(), Duration.ZERO)).isTrue();
        middle.close();
        DurableFileQueue after = open();

        assertThat(after.receive(1, Duration.ofSeconds(1))).extracting(Delivery::attempt).containsExactly(2);
    }

    @Test
    void tornLastRecordIsTruncatedAndTheWholeRecordsBeforeItSurvive() throws IOException {
        DurableFileQueue before = open();
        before.publish(bytes("first"));
        before.publish(bytes("second"));
        before.close();
        Path segment = onlySegment();
        long whole = Files.size(segment);
        // a crash in the middle of a write: a header promising 100 bytes, followed by 10 of them
        Files.write(segment, ByteBuffer.allocate(18).putInt(100).putInt(42).array(), StandardOpenOption.APPEND);

        DurableFileQueue after = open();
        after.publish(bytes("third"));

        assertThat(after.receive(10, Duration.ofSeconds(1))).extracting(r -> text(r.message()))
                .containsExactly("first", "second", "third");
        assertThat(Files.size(segment)).isGreaterThan(whole);
    }

    @Test
    void lastRecordWithWrongChecksumIsDropped() throws IOException {
        DurableFileQueue before = open();
        before.publish(bytes("kept"));
        before.publish(bytes("torn"));
        before.close();
        Path segment = onlySegment();
        byte[] content = Files.readAllBytes(segment);
        content[content.length - 1] ^= 0x5A;
        Files.write(segment, content);

        DurableFileQueue after = open();

        assertThat(after.receive(10, Duration.ofSeconds(1))).extracting(r -> text(r.message())).containsExactly("kept");
    }

    @Test
    void concurrentPublishersShareFsyncsAndEveryPublishIsDurable() throws Exception {
        DurableFileQueue before = open();
        int threads = 8;
        int perThread = 50;
        ExecutorService publishers = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> done = IntStream.range(0, threads).mapToObj(t -> CompletableFuture.runAsync(
                    () -> IntStream.range(0, perThread).forEach(i -> before.publish(bytes(t + "-" + i))),
                    publishers)).toList();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        } finally {
            publishers.shutdown();
        }
        long forces = before.publishForces();
        before.close();

        DurableFileQueue after = open();
        List<String> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            after.receive(100, Duration.ofMillis(200)).forEach(r -> all.add(text(r.message())));
            return all.size() >= threads * perThread;
        });

        assertThat(forces).isLessThan(threads * perThread);
        assertThat(all).hasSize(threads * perThread).doesNotHaveDuplicates();
    }

    @Test
    void segmentIsDeletedOnceAllItsMessagesAreAcknowledged() throws IOException {
        DurableFileQueue queue = open(LONG_VISIBILITY, 5, 1024);
        for (int i = 0; i < 20; i++) {
            queue.publish(new byte[200]);
        }
        assertThat(queue.segmentCount()).isGreaterThan(3);

        List<Delivery<byte[]>> received = queue.receive(20, Duration.ofSeconds(1));
        received.forEach(r -> queue.acknowledge(r.receipt()));

        assertThat(received).hasSize(20);
        assertThat(queue.segmentCount()).isEqualTo(1);
        assertThat(segments()).hasSize(1);
        assertThat(Files.size(dir.resolve("acks.log"))).isLessThan(20 * 40);
    }

    @Test
    void idsKeepGrowingAfterAllSegmentsWereDeletedSoOldAcknowledgementsHideNothing() {
        DurableFileQueue first = open(LONG_VISIBILITY, 5, 1024);
        for (int i = 0; i < 10; i++) {
            first.publish(new byte[300]);
        }
        first.receive(10, Duration.ofSeconds(1)).forEach(r -> first.acknowledge(r.receipt()));
        first.close();
        DurableFileQueue second = open(LONG_VISIBILITY, 5, 1024);
        second.publish(bytes("new"));
        second.close();

        DurableFileQueue third = open(LONG_VISIBILITY, 5, 1024);

        assertThat(third.receive(10, Duration.ofSeconds(1))).extracting(r -> text(r.message())).containsExactly("new");
    }

    @Test
    void deadLettersAreReadableAndStayCountedAfterReopen() {
        DurableFileQueue before = open(Duration.ofSeconds(1), 1, DurableFileQueue.DEFAULT_SEGMENT_BYTES);
        before.publish(bytes("poison"));
        assertThat(before.receive(1, Duration.ofSeconds(1))).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> before.stats().deadLetters() == 1);
        before.close();

        DurableFileQueue after = open(Duration.ofSeconds(1), 1, DurableFileQueue.DEFAULT_SEGMENT_BYTES);

        assertThat(after.stats().deadLetters()).isEqualTo(1);
        assertThat(after.deadLetters()).singleElement().satisfies(d -> {
            assertThat(text(d.body())).isEqualTo("poison");
            assertThat(d.receives()).isEqualTo(1);
        });
        assertThat(after.receive(10, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void redrivenDeadLetterIsDeliveredAfterReopenAndIsNeitherCountedNorRedrivenAgain() {
        DurableFileQueue before = open(Duration.ofSeconds(1), 1, DurableFileQueue.DEFAULT_SEGMENT_BYTES);
        before.publish(bytes("fixed"));
        before.publish(bytes("still-poison"));
        assertThat(before.receive(2, Duration.ofSeconds(1))).hasSize(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> before.stats().deadLetters() == 2);
        long moved = before.redrive(body -> text(body).equals("fixed"));
        before.close();

        DurableFileQueue after = open(Duration.ofSeconds(1), 1, DurableFileQueue.DEFAULT_SEGMENT_BYTES);

        assertThat(moved).isEqualTo(1);
        assertThat(after.stats().deadLetters()).isEqualTo(1);
        assertThat(after.deadLetters()).extracting(d -> text(d.body())).containsExactly("still-poison");
        List<Delivery<byte[]>> again = after.receive(10, Duration.ofSeconds(1));
        assertThat(again).extracting(r -> text(r.message())).containsExactly("fixed");
        assertThat(again.get(0).attempt()).isEqualTo(1);
        after.acknowledge(again.get(0).receipt());
        assertThat(after.redrive(body -> text(body).equals("fixed"))).isZero();
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        open();

        assertThatThrownBy(() -> new DurableFileQueue(dir, LONG_VISIBILITY, 5)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
    }

    private Path onlySegment() throws IOException {
        List<Path> segments = segments();
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
