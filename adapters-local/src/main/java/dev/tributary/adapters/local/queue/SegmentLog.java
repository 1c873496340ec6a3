package dev.tributary.adapters.local.queue;

import dev.tributary.adapters.local.Fsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * An append-only log of messages with consecutive ids in one directory, in segments ({@code segment-<firstId>.log},
 * {@link RecordFile}s) that roll at {@code segmentBytes}. A message is {@code long id, long publishedAt millis, body}.
 * The log counts live messages per segment: an {@link #append appended} message is live until {@link #release}d, a
 * replayed one once {@link #retain}ed. A rolled segment without live messages is deleted, and {@code trimmed} hears
 * the first id still on disk. Message bytes stay on disk; the heap holds only their {@link Location}s.
 * <p>
 * {@link #append} is for one thread at a time (the queue's committer); reads and releases may come from any thread.
 */
final class SegmentLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);
    private static final int MESSAGE_HEADER = 16;          // long id, long publishedAt millis

    /** What a publisher hands over. */
    record Message(long publishedAt, byte[] body) {
    }

    /** Where a message's body lies: its segment, position and length. */
    record Location(Segment segment, long position, int length) {
    }

    /** A message on disk, as appended or replayed. */
    record Stored(long id, long publishedAt, Location at) {
    }

    /** Sees every message on disk, oldest first, when the log opens. */
    interface Replay {
        void message(Stored stored);
    }

    private final Path directory;
    private final long segmentBytes;
    private final LongConsumer trimmed;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final Object deletion = new Object();           // one segment deletion at a time
    private final AtomicLong forces = new AtomicLong();
    private volatile Segment active;
    private long nextId;                                    // the appending thread only, after open

    /**
     * Opens the segments in {@code directory} and replays them; a torn last record is truncated. Call
     * {@link #deleteDone} once the replayed messages still live are retained.
     */
    SegmentLog(Path directory, long segmentBytes, LongConsumer trimmed, Replay replay) throws IOException {
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be >= 1024: " + segmentBytes);
        }
        this.directory = Objects.requireNonNull(directory, "directory");
        this.segmentBytes = segmentBytes;
        this.trimmed = Objects.requireNonNull(trimmed, "trimmed");
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().matches("segment-\\d{20}\\.log")).sorted().toList();
        }
        long maxId = -1;
        for (Path file : files) {
            Segment segment = new Segment(Long.parseLong(file.getFileName().toString().substring(8, 28)),
                    RecordFile.open(file));
            segments.put(segment.firstId, segment);
            long[] last = {maxId};
            segment.file.replay((position, body, length) -> {
                ByteBuffer b = ByteBuffer.wrap(body, 0, length);
                long id = b.getLong();
                last[0] = Math.max(last[0], id);
                replay.message(new Stored(id, b.getLong(),
                        new Location(segment, position + MESSAGE_HEADER, length - MESSAGE_HEADER)));
            });
            maxId = last[0];
        }
        if (segments.isEmpty()) {
            nextId = Math.max(0, maxId + 1);
            active = newSegment(nextId);
        } else {
            active = segments.lastEntry().getValue();
            nextId = Math.max(active.firstId, maxId + 1);
        }
    }

    /** Counts a replayed message as live, so its segment stays. */
    void retain(Location at) {
        at.segment.live.incrementAndGet();
    }

    /** Deletes every rolled segment without live messages (after the replay's retains). */
    void deleteDone() throws IOException {
        for (Segment segment : List.copyOf(segments.values())) {
            deleteIfDone(segment);
        }
        synchronized (deletion) {
            trimmed.accept(firstId());
        }
    }

    /**
     * Appends the messages with the next ids, in order, rolling segments as they fill, and forces each touched
     * segment once; when it returns they are durable and live.
     */
    List<Stored> append(List<Message> messages) throws IOException {
        List<Stored> stored = new ArrayList<>(messages.size());
        int from = 0;
        while (from < messages.size()) {
            Segment segment = active;
            List<byte[]> records = new ArrayList<>();
            long bytes = segment.file.size();
            int to = from;
            while (to < messages.size()
                    && (records.isEmpty() && bytes == 0 || bytes + recordBytes(messages.get(to)) <= segmentBytes)) {
                Message m = messages.get(to);
                records.add(ByteBuffer.allocate(MESSAGE_HEADER + m.body.length)
                        .putLong(nextId + records.size()).putLong(m.publishedAt).put(m.body).array());
                bytes += recordBytes(m);
                to++;
            }
            if (!records.isEmpty()) {
                long firstId = nextId;
                nextId += records.size();           // before force(): a failed force must not let ids be reused
                long[] positions = segment.file.append(records);
                segment.file.force();
                forces.incrementAndGet();
                for (int i = 0; i < records.size(); i++) {
                    Message m = messages.get(from + i);
                    segment.live.incrementAndGet();
                    stored.add(new Stored(firstId + i, m.publishedAt,
                            new Location(segment, positions[i] + MESSAGE_HEADER, m.body.length)));
                }
            }
            if (to < messages.size()) {
                roll();
            }
            from = to;
        }
        return stored;
    }

    /** The body at {@code at}; a {@link java.nio.channels.ClosedChannelException} if its segment is deleted. */
    byte[] read(Location at) throws IOException {
        return at.segment.file.read(at.position, at.length);
    }

    /** The message at {@code at} is done (acknowledged or dead): its segment goes once it has no live one left. */
    void release(Location at) throws IOException {
        if (at.segment.live.decrementAndGet() == 0) {
            deleteIfDone(at.segment);
        }
    }

    /** How many fsyncs covered appends so far. */
    long forces() {
        return forces.get();
    }

    int segmentCount() {
        return segments.size();
    }

    private long firstId() {
        return segments.firstKey();                         // the active segment is never deleted: never empty
    }

    private static long recordBytes(Message m) {
        return RecordFile.HEADER_BYTES + MESSAGE_HEADER + m.body.length;
    }

    private Segment newSegment(long firstId) throws IOException {
        Segment segment = new Segment(firstId,
                RecordFile.open(directory.resolve(String.format("segment-%020d.log", firstId))));
        segments.put(firstId, segment);
        return segment;
    }

    private void roll() throws IOException {
        Segment full = active;
        active = newSegment(nextId);
        LOG.atDebug().addKeyValue("queue", directory.getFileName()).addKeyValue("firstId", nextId).log("segment rolled");
        deleteIfDone(full);
    }

    private void deleteIfDone(Segment segment) throws IOException {
        synchronized (deletion) {
            if (segment == active || segment.live.get() != 0 || !segments.remove(segment.firstId, segment)) {
                return;
            }
            segment.file.close();
            Files.deleteIfExists(segment.file.path());
            Fsync.directory(directory);
            trimmed.accept(firstId());
            LOG.atDebug().addKeyValue("queue", directory.getFileName()).addKeyValue("firstId", segment.firstId)
                    .log("segment deleted");
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (deletion) {
            for (Segment segment : segments.values()) {
                segment.file.close();
            }
        }
    }

    /** One segment file and how many of its messages are live. */
    static final class Segment {
        private final long firstId;
        private final RecordFile file;
        private final AtomicInteger live = new AtomicInteger();

        private Segment(long firstId, RecordFile file) {
            this.firstId = firstId;
            this.file = file;
        }
    }
}
