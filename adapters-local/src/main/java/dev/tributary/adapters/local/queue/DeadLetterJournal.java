package dev.tributary.adapters.local.queue;

import dev.tributary.adapters.local.queue.DurableFileQueue.DeadLetter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code dead-letters.log} of a {@link DurableFileQueue}: each message given up, copied with its id, publish time and
 * receive count ({@code [long id][long publishedAt][int receives][body]}, 20 bytes and more), fsynced before the
 * message counts as gone; and, once a dead letter was published again by a redrive, a marker holding only its id
 * (8 bytes), fsynced too, so a restart neither counts nor redrives it again. Never compacted. Thread-safe.
 */
final class DeadLetterJournal implements AutoCloseable {
    private final RecordFile file;

    DeadLetterJournal(Path directory) throws IOException {
        this.file = RecordFile.open(directory.resolve("dead-letters.log"));
    }

    private static final int REDRIVEN_MARKER_BYTES = 8;

    /** The ids of every message ever given up, redriven or not (truncating a torn tail). */
    synchronized Set<Long> ids() throws IOException {
        Set<Long> ids = new HashSet<>();
        file.replay((position, body, length) -> ids.add(ByteBuffer.wrap(body, 0, 8).getLong()));
        return ids;
    }

    /** The ids of the dead letters published again since. */
    synchronized Set<Long> redriven() throws IOException {
        Set<Long> ids = new HashSet<>();
        file.replay((position, body, length) -> {
            if (length == REDRIVEN_MARKER_BYTES) {
                ids.add(ByteBuffer.wrap(body, 0, 8).getLong());
            }
        });
        return ids;
    }

    /** Records, fsynced, that the dead letter {@code id} was published again and is no longer dead. */
    synchronized void redriven(long id) throws IOException {
        file.append(ByteBuffer.allocate(REDRIVEN_MARKER_BYTES).putLong(id).array());
        file.force();
    }

    synchronized void append(DeadLetter letter) throws IOException {
        file.append(ByteBuffer.allocate(20 + letter.body().length).putLong(letter.id())
                .putLong(letter.publishedAt().toEpochMilli()).putInt(letter.receives()).put(letter.body()).array());
        file.force();
    }

    /** The dead letters not redriven, oldest first. */
    synchronized List<DeadLetter> readAll() throws IOException {
        List<DeadLetter> all = new ArrayList<>();
        Set<Long> redriven = redriven();
        file.replay((position, body, length) -> {
            if (length == REDRIVEN_MARKER_BYTES || redriven.contains(ByteBuffer.wrap(body, 0, 8).getLong())) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(body, 0, length);
            long id = b.getLong();
            long publishedAt = b.getLong();
            int receives = b.getInt();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            all.add(new DeadLetter(id, Instant.ofEpochMilli(publishedAt), receives, bytes));
        });
        return all;
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
