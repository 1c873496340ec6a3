package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.scaling.QueueStats;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A local queue: messages written by a {@link Codec} into a {@link DurableFileQueue}. {@link #publish} returns once the
 * message is fsynced (invariant 1) and concurrent publishes share one fsync; unacknowledged messages come back after
 * the visibility timeout and after a restart or crash; a message received {@code maxReceives} times goes to the dead
 * letters. The ingest queue carries batches ({@link #batches}), each notice queue object keys ({@link #objectKeys}).
 */
public final class FileMessageQueue<M> implements MessageQueue<M>, AutoCloseable {

    /** How a message is laid out in the queue's segments; {@code decode} reads what {@code encode} wrote. */
    public record Codec<M>(Function<M, byte[]> encode, Function<byte[], M> decode) {
        public Codec {
            Objects.requireNonNull(encode, "encode");
            Objects.requireNonNull(decode, "decode");
        }
    }

    /** Batches with their envelope and payload ({@link BatchCodec}). */
    public static final Codec<Batch> BATCH = new Codec<>(BatchCodec::encode, BatchCodec::decode);

    /** Object keys as their lake path in UTF-8. */
    public static final Codec<ObjectKey> OBJECT_KEY = new Codec<>(key -> key.path().getBytes(StandardCharsets.UTF_8),
            bytes -> ObjectKey.parse(new String(bytes, StandardCharsets.UTF_8)));

    private final DurableFileQueue queue;
    private final Codec<M> codec;

    public FileMessageQueue(DurableFileQueue queue, Codec<M> codec) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public static FileMessageQueue<Batch> batches(Path directory, Duration visibilityTimeout, int maxReceives) {
        return new FileMessageQueue<>(open(directory, visibilityTimeout, maxReceives), BATCH);
    }

    public static FileMessageQueue<ObjectKey> objectKeys(Path directory, Duration visibilityTimeout, int maxReceives) {
        return new FileMessageQueue<>(open(directory, visibilityTimeout, maxReceives), OBJECT_KEY);
    }

    private static DurableFileQueue open(Path directory, Duration visibilityTimeout, int maxReceives) {
        return new DurableFileQueue(directory, visibilityTimeout, maxReceives, DurableFileQueue.DEFAULT_SEGMENT_BYTES,
                Clock.systemUTC());
    }

    @Override
    public void publish(M message) {
        queue.publish(codec.encode().apply(message));
    }

    @Override
    public List<Delivery<M>> receive(int max, Duration wait) {
        return queue.receive(max, wait).stream()
                .map(r -> new Delivery<>(codec.decode().apply(r.message()), r.attempt(), r.receipt()))
                .toList();
    }

    @Override
    public void acknowledge(Delivery<M> delivery) {
        queue.acknowledge(delivery.receipt());
    }

    @Override
    public void release(Delivery<M> delivery, Duration delay) {
        queue.release(delivery.receipt(), delay);
    }

    @Override
    public QueueStats stats() {
        return queue.stats();
    }

    /** Durable across a restart: the dead-letter journal records each move after the new copy is fsynced. */
    @Override
    public long redriveDeadLetters(Predicate<? super M> which) {
        Objects.requireNonNull(which, "which");
        return queue.redrive(bytes -> {
            M message;
            try {
                message = codec.decode().apply(bytes);
            } catch (RuntimeException unreadable) {
                return false;                        // stays dead: this queue cannot tell what it is
            }
            return which.test(message);
        });
    }

    /** The messages given up after too many receives and not redriven, oldest first. */
    public List<M> deadLetters() {
        return queue.deadLetters().stream().map(d -> codec.decode().apply(d.body())).toList();
    }

    @Override
    public void close() {
        queue.close();
    }
}
