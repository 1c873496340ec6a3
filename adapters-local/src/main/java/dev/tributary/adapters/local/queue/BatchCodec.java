package dev.tributary.adapters.local.queue;

import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceName;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * A batch as a queue message: {@code version, id, source, format, receivedAt, recordCount, payload} written with
 * {@link DataOutputStream}. The leading version byte lets a later layout read messages queued by this one.
 */
final class BatchCodec {
    private static final byte VERSION = 1;

    private BatchCodec() {
    }

    static byte[] encode(Batch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.payload().length + 96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(batch.id().value().getMostSignificantBits());
            out.writeLong(batch.id().value().getLeastSignificantBits());
            out.writeUTF(batch.source().value());
            out.writeUTF(batch.format().extension());
            out.writeLong(batch.receivedAt().getEpochSecond());
            out.writeInt(batch.receivedAt().getNano());
            out.writeInt(batch.recordCount());
            out.writeInt(batch.payload().length);
            out.write(batch.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Batch decode(byte[] message) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown batch message version " + version);
            }
            BatchId id = new BatchId(new UUID(in.readLong(), in.readLong()));
            SourceName source = new SourceName(in.readUTF());
            String extension = in.readUTF();
            InputFormat format = InputFormat.fromExtension(extension)
                    .orElseThrow(() -> new IllegalStateException("unknown format in batch message: " + extension));
            Instant receivedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            int records = in.readInt();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new Batch(id, source, format, receivedAt, records, payload);
        } catch (IOException e) {
            throw new IllegalStateException("truncated batch message", e);
        }
    }
}
