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
 * receive count, fsynced before the message counts as gone. Never compacted: dead letters stay until redriven by
 * hand. Thread-safe.
 */
final class DeadLetterJournal implements AutoCloseable {
    private final RecordFile file;

    DeadLetterJournal(Path directory) throws IOException {
        this.file = RecordFile.open(directory.resolve("dead-letters.log"));
    }

    /** The ids of every dead letter (truncating a torn tail). */
    synchronized Set<Long> ids() throws IOException {
        Set<Long> ids = new HashSet<>();
        file.replay((position, body, length) -> ids.add(ByteBuffer.wrap(body, 0, 8).getLong()));
        return ids;
    }

    synchronized void append(DeadLetter letter) throws IOException {
        file.append(ByteBuffer.allocate(20 + letter.body().length).putLong(letter.id())
                .putLong(letter.publishedAt().toEpochMilli()).putInt(letter.receives()).put(letter.body()).array());
        file.force();
    }

    synchronized List<DeadLetter> readAll() throws IOException {
        List<DeadLetter> all = new ArrayList<>();
        file.replay((position, body, length) -> {
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
