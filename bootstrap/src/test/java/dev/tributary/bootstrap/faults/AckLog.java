package dev.tributary.bootstrap.faults;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The load generator's record of every 202: one line per acknowledged post, {@code <batchId> <source> <records>
 * <firstMarker> <lastMarker>}, written and flushed before the post counts as acknowledged. The checker reads this
 * file, not the generator's memory, so the file is the whole promise the pipeline made.
 */
public final class AckLog implements AutoCloseable {
    /** One acknowledged post: its batch id (shared by the posts of one group) and the markers of its records. */
    public record Ack(String batchId, String source, int records, long firstMarker, long lastMarker) {
        String line() {
            return batchId + " " + source + " " + records + " " + firstMarker + " " + lastMarker;
        }

        static Ack parse(String line) {
            String[] f = line.split(" ");
            return new Ack(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
        }
    }

    private final Path file;
    private final BufferedWriter out;

    public AckLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    synchronized void append(Ack ack) {
        try {
            out.write(ack.line());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    public static List<Ack> read(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).map(Ack::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
