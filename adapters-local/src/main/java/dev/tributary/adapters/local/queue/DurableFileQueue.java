package dev.tributary.adapters.local.queue;

import dev.tributary.adapters.local.queue.SegmentLog.Location;
import dev.tributary.application.port.out.MessageQueue.Delivery;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.scaling.QueueStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * A durable, at-least-once queue of byte[] messages in one directory, with the semantics of
 * {@link InMemoryMessageQueue} (visibility timeout, attempts, dead letters after {@code maxReceives}).
 * <ul>
 *   <li><b>Durable publish.</b> {@link #publish} returns only after the message is fsynced into the
 *   {@link SegmentLog} (append-only {@code segment-<firstId>.log} files). A single committer thread writes whatever publishers queued meanwhile
 *   and covers them with one {@code force()} (group commit); each publisher waits for the force of its own group.</li>
 *   <li><b>Crash recovery.</b> Acknowledgements and receive counts are appended to {@code acks.log} without fsync: a
 *   lost ack means a redelivery, which at-least-once allows. On open every segment is replayed; each message neither
 *   acknowledged nor dead-lettered is ready again, and a torn last record is detected by length/CRC and truncated.</li>
 *   <li><b>Dead letters</b> are copied, fsynced, to {@code dead-letters.log} and stay readable there; a redrive
 *   publishes a dead letter again as a new message (fsynced) and only then journals it as redriven (fsynced), so a
 *   crash between the two publishes it twice at worst (at-least-once).</li>
 *   <li><b>Space.</b> Segments roll at {@code segmentBytes}; a rolled segment whose messages are all acknowledged or
 *   dead is deleted, and the acknowledgements that concerned it are compacted away. Message bytes stay on disk; the
 *   heap holds only their positions.</li>
 * </ul>
 * One process per directory (a file lock guards it). Disk failures surface as {@link PortUnavailableException}.
 */
public final class DurableFileQueue implements AutoCloseable {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(DurableFileQueue.class);
    private static final int MAX_GROUP = 1024;

    /** A message given up after too many receives, as kept in {@code dead-letters.log}. */
    public record DeadLetter(long id, Instant publishedAt, int receives, byte[] body) {
    }

    private final Path directory;
    private final String port;
    private final Clock clock;
    private final InMemoryMessageQueue<Location> index;
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread committer;
    private final AckJournal acks;
    private final DeadLetterJournal deadLetters;
    private final SegmentLog log;

    public DurableFileQueue(Path directory, Duration visibilityTimeout, int maxReceives) {
        this(directory, visibilityTimeout, maxReceives, DEFAULT_SEGMENT_BYTES, Clock.systemUTC());
    }

    public DurableFileQueue(Path directory, Duration visibilityTimeout, int maxReceives, long segmentBytes,
                            Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.port = "queue " + directory.getFileName();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.index = new InMemoryMessageQueue<>(visibilityTimeout, maxReceives, clock, new Journaling());
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve("queue.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            lock = tryLock(lockChannel);
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("queue directory is already open: " + directory);
            }
            deadLetters = new DeadLetterJournal(directory);
            acks = new AckJournal(directory);
            log = replay(segmentBytes);
        } catch (IOException e) {
            throw new PortUnavailableException(port, e);
        }
        committer = new Thread(this::commitLoop, "queue-committer-" + directory.getFileName());
        committer.setDaemon(true);
        committer.start();
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;                                    // this JVM already has the directory open
        }
    }

    /** Appends the message and returns once it is fsynced (grouped with concurrent publishes into one force). */
    public void publish(byte[] message) {
        Objects.requireNonNull(message, "message");
        Pending request = new Pending(message, clock.millis(), new CompletableFuture<>());
        closing.readLock().lock();
        try {
            if (closed.get()) {
                throw new IllegalStateException("queue is closed: " + directory);
            }
            pending.add(request);       // under the read lock: close() cannot slip between the check and the add
        } finally {
            closing.readLock().unlock();
        }
        try {
            request.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortUnavailableException(port, "interrupted while waiting for fsync", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new PortUnavailableException(port, e.getCause());
        }
    }

    /** Waits up to {@code wait} for at least one visible message; returns at most {@code max}. */
    public List<Delivery<byte[]>> receive(int max, Duration wait) {
        if (closed.get()) {
            throw new IllegalStateException("queue is closed: " + directory);
        }
        List<Delivery<byte[]>> delivered = new ArrayList<>();
        for (Delivery<Location> r : index.receive(max, wait)) {
            Location at = r.message();
            try {
                delivered.add(new Delivery<>(log.read(at), r.attempt(), r.receipt()));
            } catch (ClosedChannelException e) {
                // acknowledged through an older receipt meanwhile and its segment deleted: nothing left to deliver
            } catch (IOException e) {
                throw new PortUnavailableException(port, e);
            }
        }
        return delivered;
    }

    /**
     * Gives a received message back with that receive undone (journaled, so a restart does not count it either),
     * visible again after {@code delay}; false for a receipt that is no longer the message's latest.
     */
    public boolean release(String receipt, Duration delay) {
        return index.release(receipt, delay);
    }

    /** Deletes the message for good (idempotent); false if it was already acknowledged or dead-lettered. */
    public boolean acknowledge(String receipt) {
        return index.acknowledge(receipt);
    }

    public QueueStats stats() {
        return index.stats();
    }

    /**
     * Publishes again, each as a new message with a fresh receive count, the dead letters {@code which} accepts, and
     * returns how many; each is journaled as redriven only after its new copy is durable (see the class comment).
     */
    public synchronized long redrive(Predicate<byte[]> which) {
        long moved = 0;
        try {
            for (DeadLetter letter : deadLetters.readAll()) {
                if (which.test(letter.body())) {
                    publish(letter.body());
                    deadLetters.redriven(letter.id());
                    index.countDeadLetters(-1);
                    moved++;
                }
            }
        } catch (IOException e) {
            throw new PortUnavailableException(port, e);
        }
        if (moved > 0) {
            LOG.atInfo().addKeyValue("queue", directory.getFileName()).addKeyValue("messages", moved)
                    .log("dead letters redriven");
        }
        return moved;
    }

    /** Every message given up so far and not redriven, oldest first, read from {@code dead-letters.log}. */
    public List<DeadLetter> deadLetters() {
        try {
            return deadLetters.readAll();
        } catch (IOException e) {
            throw new PortUnavailableException(port, e);
        }
    }

    /** How many fsyncs covered publishes so far; fewer than publishes when group commit grouped them. */
    long publishForces() {
        return log.forces();
    }

    /** Number of segment files on disk. */
    int segmentCount() {
        return log.segmentCount();
    }

    // ---- open: replay the journals ---------------------------------------------------------------------------

    private SegmentLog replay(long segmentBytes) throws IOException {
        Set<Long> dead = deadLetters.ids();
        Set<Long> redriven = deadLetters.redriven();
        index.countDeadLetters(dead.size() - redriven.size());
        AckJournal.State journal = acks.replay();
        Set<Long> acknowledged = journal.acknowledged();
        Map<Long, Integer> receives = journal.receives();
        List<SegmentLog.Stored> live = new ArrayList<>();
        SegmentLog segments = new SegmentLog(directory, segmentBytes, this::trimAcks, stored -> {
            if (!acknowledged.contains(stored.id()) && !dead.contains(stored.id())) {
                live.add(stored);
            }
        });
        for (SegmentLog.Stored stored : live) {
            segments.retain(stored.at());
            index.add(stored.id(), stored.at(), stored.publishedAt(), receives.getOrDefault(stored.id(), 0));
        }
        segments.deleteDone();
        LOG.atInfo().addKeyValue("queue", directory.getFileName()).addKeyValue("restored", live.size())
                .addKeyValue("segments", segments.segmentCount()).addKeyValue("deadLetters", dead.size() - redriven.size())
                .log("queue opened");
        return segments;
    }

    /** Acknowledgements and receive counts of messages below the log's first id concern deleted segments only. */
    private void trimAcks(long firstId) {
        try {
            acks.compact(firstId);
        } catch (IOException e) {
            throw new PortUnavailableException(port, e);
        }
    }

    // ---- publish: the committer ------------------------------------------------------------------------------

    private void commitLoop() {
        List<Pending> group = new ArrayList<>();
        while (!closed.get() || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                pending.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | RuntimeException e) {
                LOG.atError().addKeyValue("queue", directory.getFileName()).addKeyValue("messages", group.size())
                        .setCause(e).log("queue append failed");
                PortUnavailableException failure = new PortUnavailableException(port, e);
                group.forEach(p -> p.done.completeExceptionally(failure));
            }
            group.clear();
        }
        Pending left;
        while ((left = pending.poll()) != null) {
            left.done.completeExceptionally(new IllegalStateException("queue is closed: " + directory));
        }
    }

    /** Writes one group (see {@link SegmentLog#append}), then makes it visible and releases its publishers. */
    private void commit(List<Pending> group) throws IOException {
        List<SegmentLog.Stored> stored = log.append(group.stream()
                .map(p -> new SegmentLog.Message(p.publishedAt, p.message)).toList());
        stored.forEach(m -> index.add(m.id(), m.at(), m.publishedAt(), 0));
        group.forEach(p -> p.done.complete(null));
    }

    // ---- acknowledge / receive / dead-letter: the journals ---------------------------------------------------

    private final class Journaling implements InMemoryMessageQueue.Journal<Location> {
        @Override
        public void received(long id, Location at, int attempt) {
            try {
                acks.received(id, attempt);
            } catch (IOException e) {
                throw new PortUnavailableException(port, e);
            }
        }

        @Override
        public void released(long id, Location at, int receives) {
            try {
                acks.released(id, receives);
            } catch (IOException e) {
                throw new PortUnavailableException(port, e);
            }
        }

        @Override
        public void acknowledged(long id, Location at) {
            try {
                acks.acknowledged(id);
            } catch (IOException e) {
                throw new PortUnavailableException(port, e);
            }
            release(at);
        }

        @Override
        public void deadLettered(long id, Location at, long publishedAtMillis, int receives) {
            try {
                byte[] bytes = log.read(at);
                deadLetters.append(new DeadLetter(id, Instant.ofEpochMilli(publishedAtMillis), receives, bytes));
            } catch (IOException e) {
                throw new PortUnavailableException(port, e);
            }
            LOG.atError().addKeyValue("queue", directory.getFileName()).addKeyValue("messageId", id)
                    .addKeyValue("attempt", receives).log("message given up to dead letters");
            release(at);
        }
    }

    private void release(Location at) {
        try {
            log.release(at);
        } catch (IOException e) {
            throw new PortUnavailableException(port, e);
        }
    }

    /** Stops the committer after it wrote what was already published, then releases the files. */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
        } finally {
            closing.writeLock().unlock();
        }
        try {
            committer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            log.close();
            acks.close();
            deadLetters.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new PortUnavailableException(port, e);
        }
        LOG.atInfo().addKeyValue("queue", directory.getFileName()).log("queue closed");
    }

    private record Pending(byte[] message, long publishedAt, CompletableFuture<Void> done) {
    }
}
