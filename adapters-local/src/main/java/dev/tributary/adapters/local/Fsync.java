package dev.tributary.adapters.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forcing to disk, the one way the local adapters do it: a file's contents and metadata, or a folder's entries (so a
 * file created or renamed in it survives a crash). Every durable local write (lake objects, queue segments and
 * journals, idempotency keys) ends in one of these before it is acknowledged.
 */
public final class Fsync {
    private Fsync() {
    }

    public static void file(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    public static void directory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
