package dev.tributary.adapters.local.queue;

import dev.tributary.adapters.local.Fsync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code acks.log} of a {@link DurableFileQueue}: which messages were acknowledged and how often each was received
 * (a release sets the count back; records are replayed in the order they were written).
 * Appends are not fsynced: a lost acknowledgement means a redelivery, a lost receive count a later dead letter, both
 * allowed by at-least-once. Thread-safe.
 */
final class AckJournal implements AutoCloseable {
    private static final byte ACKNOWLEDGED = 1;
    private static final byte RECEIVED = 2;
    private static final byte RELEASED = 3;

    /** What the journal says about the messages it mentions. */
    record State(Set<Long> acknowledged, Map<Long, Integer> receives) {
    }

    private final Path path;
    private RecordFile file;

    AckJournal(Path directory) throws IOException {
        this.path = directory.resolve("acks.log");
        this.file = RecordFile.open(path);
    }

    /** Reads the journal (truncating a torn tail). */
    synchronized State replay() throws IOException {
        Set<Long> acknowledged = new HashSet<>();
        Map<Long, Integer> receives = new HashMap<>();
        file.replay((position, body, length) -> {
            ByteBuffer b = ByteBuffer.wrap(body, 0, length);
            byte type = b.get();
            long id = b.getLong();
            if (type == ACKNOWLEDGED) {
                acknowledged.add(id);
            } else if (type == RECEIVED) {
                receives.merge(id, b.getInt(), Math::max);
            } else if (type == RELEASED) {
                receives.put(id, b.getInt());
            }
        });
        return new State(acknowledged, receives);
    }

    synchronized void acknowledged(long id) throws IOException {
        file.append(ByteBuffer.allocate(9).put(ACKNOWLEDGED).putLong(id).array());
    }

    synchronized void received(long id, int attempt) throws IOException {
        file.append(ByteBuffer.allocate(13).put(RECEIVED).putLong(id).putInt(attempt).array());
    }

    synchronized void released(long id, int receives) throws IOException {
        file.append(ByteBuffer.allocate(13).put(RELEASED).putLong(id).putInt(receives).array());
    }

    /** Rewrites the journal without entries of ids below {@code floor} (their segments are gone), atomically. */
    synchronized void compact(long floor) throws IOException {
        List<byte[]> keep = new ArrayList<>();
        file.replay((position, body, length) -> {
            if (ByteBuffer.wrap(body, 1, 8).getLong() >= floor) {
                keep.add(Arrays.copyOf(body, length));
            }
        });
        Path compacted = path.resolveSibling("acks.log.compacting");
        Files.deleteIfExists(compacted);
        try (RecordFile fresh = RecordFile.open(compacted)) {
            fresh.append(keep);
            fresh.force();
        }
        file.close();
        Files.move(compacted, path, StandardCopyOption.ATOMIC_MOVE);
        Fsync.directory(path.getParent());
        file = RecordFile.open(path);
        file.replay((position, body, length) -> { });
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
