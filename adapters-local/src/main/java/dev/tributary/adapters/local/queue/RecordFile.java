package dev.tributary.adapters.local.queue;

import dev.tributary.adapters.local.Fsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An append-only file of length-prefixed, CRC32-checked records: {@code [int length][int crc32(body)][body]}.
 * Replaying it stops at the first record whose length or checksum does not hold (a write torn by a crash) and
 * truncates the file there, so the next append continues from the last whole record.
 */
final class RecordFile implements AutoCloseable {
    static final int HEADER_BYTES = 8;
    private static final Logger LOG = LoggerFactory.getLogger(RecordFile.class);

    interface Visitor {
        /** One whole record; {@code bodyPosition} is where its body starts in the file. */
        void accept(long bodyPosition, byte[] body, int length) throws IOException;
    }

    private final Path path;
    private final FileChannel channel;
    private long size;

    private RecordFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
    }

    /** Opens or creates the file; a newly created file's directory entry is fsynced too. */
    static RecordFile open(Path path) throws IOException {
        boolean created = !Files.exists(path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (created) {
            Fsync.directory(path.getParent());
        }
        return new RecordFile(path, channel);
    }

    /** Visits every whole record from the start; truncates a torn or corrupt tail. */
    void replay(Visitor visitor) throws IOException {
        long fileSize = channel.size();
        long position = 0;
        byte[] body = new byte[256];
        CRC32 crc = new CRC32();
        InputStream raw = Channels.newInputStream(channel.position(0));
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        while (position < fileSize) {
            if (fileSize - position < HEADER_BYTES) {
                break;
            }
            int length;
            int expected;
            try {
                length = in.readInt();
                expected = in.readInt();
                if (length < 0 || length > fileSize - position - HEADER_BYTES) {
                    break;
                }
                if (body.length < length) {
                    body = new byte[Math.max(length, body.length * 2)];
                }
                in.readFully(body, 0, length);
            } catch (EOFException e) {
                break;
            }
            crc.reset();
            crc.update(body, 0, length);
            if ((int) crc.getValue() != expected) {
                break;
            }
            visitor.accept(position + HEADER_BYTES, body, length);
            position += HEADER_BYTES + length;
        }
        if (position < fileSize) {
            LOG.atWarn().addKeyValue("file", path.getFileName()).addKeyValue("validBytes", position)
                    .addKeyValue("droppedBytes", fileSize - position).log("torn journal tail truncated");
            channel.truncate(position);
            channel.force(true);
        }
        size = position;
    }

    /** Appends records (not yet fsynced); returns the position of each record's body. */
    long[] append(List<byte[]> bodies) throws IOException {
        long[] positions = new long[bodies.size()];
        ByteBuffer[] buffers = new ByteBuffer[bodies.size() * 2];
        long position = size;
        CRC32 crc = new CRC32();
        for (int i = 0; i < bodies.size(); i++) {
            byte[] body = bodies.get(i);
            crc.reset();
            crc.update(body);
            buffers[2 * i] = ByteBuffer.allocate(HEADER_BYTES).putInt(body.length).putInt((int) crc.getValue()).flip();
            buffers[2 * i + 1] = ByteBuffer.wrap(body);
            positions[i] = position + HEADER_BYTES;
            position += HEADER_BYTES + body.length;
        }
        channel.position(size);
        long remaining = position - size;
        while (remaining > 0) {
            remaining -= channel.write(buffers);
        }
        size = position;
        return positions;
    }

    long append(byte[] body) throws IOException {
        return append(List.of(body))[0];
    }

    /** Makes every appended record durable (fdatasync). */
    void force() throws IOException {
        channel.force(false);
    }

    byte[] read(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException(path.getFileName() + ": record beyond end of file at " + position);
            }
        }
        return buffer.array();
    }

    long size() {
        return size;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
