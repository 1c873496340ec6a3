package dev.tributary.adapters.local.ids;

import dev.tributary.adapters.local.Fsync;
import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idempotency keys in an append-only file: one line per remembered key ({@code <epoch ms> <source> <sha-256 of the
 * key> <batch id>}), fsynced before {@link #remember} returns, read back at start. Entries older than the retention
 * window are forgotten at the next start, when the file is rewritten without them. A torn last line (crash during
 * the write, before the fsync returned — so before any 202) is ignored.
 */
public final class FileIdempotencyKeys implements IdempotencyKeys, AutoCloseable {
    private record Entry(Instant at, BatchId batch) {}

    private final Path file;
    private final Duration retention;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private final FileChannel log;

    public FileIdempotencyKeys(Path file, Duration retention, Clock clock) {
        this.file = file;
        this.retention = retention;
        this.clock = clock;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            load();
            compact();
            log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PortUnavailableException("idempotency keys", e);
        }
    }

    @Override
    public synchronized BatchId remember(SourceName source, KeyDigest key, BatchId candidate) {
        String id = source.value() + " " + key.hex();
        Entry known = entries.get(id);
        Instant now = clock.instant();
        if (known != null && known.at().plus(retention).isAfter(now)) {
            return known.batch();
        }
        String line = now.toEpochMilli() + " " + id + " " + candidate + "\n";
        try {
            log.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
            log.force(false);
        } catch (IOException e) {
            throw new PortUnavailableException("idempotency keys", e);
        }
        entries.put(id, new Entry(now, candidate));
        return candidate;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Instant oldest = clock.instant().minus(retention);
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] parts = line.split(" ");
            if (parts.length != 4) {
                continue; // a torn last line: its key was never acknowledged
            }
            try {
                Instant at = Instant.ofEpochMilli(Long.parseLong(parts[0]));
                if (at.isAfter(oldest)) {
                    entries.putIfAbsent(parts[1] + " " + parts[2], new Entry(at, BatchId.parse(parts[3])));
                }
            } catch (IllegalArgumentException e) {
                // also a torn line (NumberFormatException is an IllegalArgumentException)
            }
        }
    }

    /** Rewrites the file with the live entries only (temp file, fsync, atomic rename). */
    private void compact() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        List<String> lines = entries.entrySet().stream()
                .map(e -> e.getValue().at().toEpochMilli() + " " + e.getKey() + " " + e.getValue().batch()).toList();
        Files.write(tmp, lines, StandardCharsets.US_ASCII);
        Fsync.file(tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(file.toAbsolutePath().getParent());   // the rename itself survives a crash
    }

    @Override
    public synchronized void close() {
        try {
            log.close();
        } catch (IOException e) {
            throw new PortUnavailableException("idempotency keys", e);
        }
    }
}
