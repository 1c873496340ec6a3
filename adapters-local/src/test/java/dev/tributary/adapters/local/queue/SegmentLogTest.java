package dev.tributary.adapters.local.queue;

import dev.tributary.adapters.local.queue.SegmentLog.Message;
import dev.tributary.adapters.local.queue.SegmentLog.Stored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ids, rolling, replay and deletion of the queue's segment log; crash recovery of the queue is DurableFileQueueTest's. */
class SegmentLogTest {
    private static final long SEGMENT_BYTES = 1024;
    @TempDir
    Path dir;
    private final List<Long> trims = new ArrayList<>();

    @Test
    void appendsGetConsecutiveIdsAndRollSegmentsAsTheyFill() throws IOException {
        try (SegmentLog log = open(new ArrayList<>())) {
            List<Stored> stored = log.append(messages(0, 30));           // 30 × ~136 bytes: four segments

            assertThat(stored).extracting(Stored::id).containsExactlyElementsOf(
                    IntStream.range(0, 30).mapToObj(Long::valueOf).toList());
            assertThat(log.segmentCount()).isEqualTo(segmentFiles().size()).isGreaterThanOrEqualTo(4);
            assertThat(log.forces()).isEqualTo(log.segmentCount());     // one force per touched segment
            assertThat(text(log.read(stored.get(17).at()))).isEqualTo(body(17));
        }
    }

    @Test
    void reopeningReplaysEveryMessageOldestFirstAndContinuesTheIds() throws IOException {
        try (SegmentLog log = open(new ArrayList<>())) {
            log.append(messages(0, 20));
        }
        List<Stored> replayed = new ArrayList<>();
        try (SegmentLog log = open(replayed)) {
            assertThat(replayed).extracting(Stored::id).containsExactlyElementsOf(
                    IntStream.range(0, 20).mapToObj(Long::valueOf).toList());
            assertThat(replayed).extracting(Stored::publishedAt).containsExactlyElementsOf(
                    IntStream.range(0, 20).mapToObj(i -> 1_000L + i).toList());
            assertThat(text(log.read(replayed.get(5).at()))).isEqualTo(body(5));

            assertThat(log.append(messages(20, 1)).get(0).id()).isEqualTo(20);
        }
    }

    @Test
    void aRolledSegmentGoesWhenItsLastLiveMessageIsReleasedAndTheFirstIdOnDiskIsReported() throws IOException {
        try (SegmentLog log = open(new ArrayList<>())) {
            List<Stored> stored = log.append(messages(0, 30));
            int before = log.segmentCount();
            List<Stored> firstSegment = stored.stream().filter(s -> s.at().segment() == stored.get(0).at().segment())
                    .toList();

            for (Stored s : firstSegment.subList(0, firstSegment.size() - 1)) {
                log.release(s.at());
            }
            assertThat(log.segmentCount()).isEqualTo(before);
            log.release(firstSegment.get(firstSegment.size() - 1).at());

            assertThat(log.segmentCount()).isEqualTo(before - 1);
            assertThat(segmentFiles()).hasSize(before - 1);
            assertThat(trims).containsExactly((long) firstSegment.size());
            assertThatThrownBy(() -> log.read(firstSegment.get(0).at())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void theActiveSegmentStaysAndOnlyRetainedReplayedMessagesKeepTheirSegments() throws IOException {
        try (SegmentLog log = open(new ArrayList<>())) {
            List<Stored> stored = log.append(messages(0, 30));
            stored.forEach(s -> release(log, s));
            assertThat(log.segmentCount()).isOne();                     // the active one, though nothing is live
        }
        try (SegmentLog log = open(new ArrayList<>())) {
            log.append(messages(30, 30));
        }
        List<Stored> replayed = new ArrayList<>();
        try (SegmentLog log = open(replayed)) {
            Stored kept = replayed.get(replayed.size() / 2);
            log.retain(kept.at());
            log.deleteDone();

            assertThat(log.segmentCount()).isEqualTo(kept.at().segment() == replayed.get(replayed.size() - 1).at()
                    .segment() ? 1 : 2);
            assertThat(text(log.read(kept.at()))).isEqualTo(body((int) kept.id()));
            assertThat(trims.get(trims.size() - 1)).isLessThanOrEqualTo(kept.id());
            assertThat(log.append(messages(60, 1)).get(0).id()).isEqualTo(60);
        }
    }

    private SegmentLog open(List<Stored> replayed) throws IOException {
        return new SegmentLog(dir, SEGMENT_BYTES, trims::add, replayed::add);
    }

    private static void release(SegmentLog log, Stored s) {
        try {
            log.release(s.at());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Message> messages(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> new Message(1_000L + i, body(i).getBytes(StandardCharsets.UTF_8))).toList();
    }

    private static String body(int i) {
        return String.format("message %05d ", i) + "x".repeat(100);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-")).toList();
        }
    }
}
