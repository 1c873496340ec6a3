package dev.tributary.adapters.local.queue;

import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.scaling.QueueStats;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A thread-safe, at-least-once message queue held in memory, with the semantics of every Tributary queue: a received
 * message is invisible for the visibility timeout and comes back with its attempt incremented unless acknowledged; an
 * acknowledged message never comes back; a message received {@code maxReceives} times without acknowledgement is
 * dead-lettered instead of delivered again; a message released (its consumer's dependency is down) comes back after
 * the delay with that receive undone, so an outage never counts toward the dead letters. As a {@link MessageQueue} it serves fast tests (batches or notices, nothing
 * survives the JVM); on its own nothing survives either: {@link DurableFileQueue} keeps its
 * index of on-disk messages in one of these and makes each step durable through the {@link Journal}.
 *
 * @param <T> the message body (or, for the durable queue, where the body lies on disk)
 */
public final class InMemoryMessageQueue<T> implements MessageQueue<T> {
    /** Receives before a message is given up, when the deployment does not choose (as an SQS redrive policy would). */
    public static final int DEFAULT_MAX_RECEIVES = 5;

    /** Called under the queue's lock as messages change state, so a durable owner can journal the change. */
    public interface Journal<T> {
        Journal<Object> NONE = new Journal<>() { };

        default void received(long id, T body, int attempt) {
        }

        default void acknowledged(long id, T body) {
        }

        /** The last receive of the message was undone: it has been received {@code receives} times now. */
        default void released(long id, T body, int receives) {
        }

        default void deadLettered(long id, T body, long publishedAtMillis, int receives) {
        }
    }

    private final Duration visibilityTimeout;
    private final int maxReceives;
    private final Clock clock;
    private final Journal<T> journal;
    private final boolean keepDeadLetters;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeMap<Long, Entry<T>> ready = new TreeMap<>();
    private final Map<Long, Entry<T>> inFlight = new HashMap<>();
    private final PriorityQueue<Entry<T>> byVisibleAt = new PriorityQueue<>(Comparator.comparingLong(e -> e.visibleAt));
    private final List<T> deadLetters = new ArrayList<>();
    private long deadLetterCount;
    private long nextId;

    public InMemoryMessageQueue(Duration visibilityTimeout) {
        this(visibilityTimeout, DEFAULT_MAX_RECEIVES, Clock.systemUTC());
    }

    public InMemoryMessageQueue(Duration visibilityTimeout, int maxReceives, Clock clock) {
        this(visibilityTimeout, maxReceives, clock, null);
    }

    @SuppressWarnings("unchecked")
    InMemoryMessageQueue(Duration visibilityTimeout, int maxReceives, Clock clock, Journal<T> journal) {
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        if (visibilityTimeout.isNegative() || visibilityTimeout.isZero()) {
            throw new IllegalArgumentException("visibilityTimeout must be positive: " + visibilityTimeout);
        }
        if (maxReceives < 1) {
            throw new IllegalArgumentException("maxReceives must be >= 1: " + maxReceives);
        }
        this.visibilityTimeout = visibilityTimeout;
        this.maxReceives = maxReceives;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keepDeadLetters = journal == null;
        this.journal = journal == null ? (Journal<T>) Journal.NONE : journal;
    }

    /** Enqueues a message under the next id; it is ready at once. */
    @Override
    public void publish(T body) {
        lock.lock();
        try {
            add(nextId, body, clock.millis(), 0);
        } finally {
            lock.unlock();
        }
    }

    /** Enqueues a message under a caller-chosen id (increasing), e.g. one replayed from disk. */
    void add(long id, T body, long publishedAtMillis, int receives) {
        Objects.requireNonNull(body, "body");
        lock.lock();
        try {
            if (id < nextId) {
                throw new IllegalArgumentException("message id " + id + " is below the next id " + nextId);
            }
            nextId = id + 1;
            ready.put(id, new Entry<>(id, body, publishedAtMillis, receives));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds dead letters counted elsewhere (e.g. replayed from disk) to {@link QueueStats#deadLetters()}, or removes
     * redriven ones with a negative count.
     */
    void countDeadLetters(long count) {
        lock.lock();
        try {
            deadLetterCount += count;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code wait} for at least one visible message; returns at most {@code max}, oldest first. */
    @Override
    public List<Delivery<T>> receive(int max, Duration wait) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1: " + max);
        }
        long remaining = Math.max(0, wait.toNanos());
        lock.lock();
        try {
            while (true) {
                List<Delivery<T>> taken = take(max);
                if (!taken.isEmpty() || remaining <= 0) {
                    return taken;
                }
                long untilVisible = byVisibleAt.isEmpty() ? Long.MAX_VALUE
                        : TimeUnit.MILLISECONDS.toNanos(Math.max(1, byVisibleAt.peek().visibleAt - clock.millis()));
                long slept = Math.min(remaining, untilVisible);
                long left = changed.awaitNanos(slept);
                remaining -= slept - Math.max(0, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private List<Delivery<T>> take(int max) {
        long now = clock.millis();
        reclaimExpired(now);
        List<Delivery<T>> taken = new ArrayList<>();
        while (taken.size() < max && !ready.isEmpty()) {
            Entry<T> entry = ready.pollFirstEntry().getValue();
            if (entry.receives >= maxReceives) {
                deadLetter(entry);
                continue;
            }
            entry.receives++;
            entry.visibleAt = now + visibilityTimeout.toMillis();
            inFlight.put(entry.id, entry);
            byVisibleAt.add(entry);
            journal.received(entry.id, entry.body, entry.receives);
            taken.add(new Delivery<>(entry.body, entry.receives, entry.id + "." + entry.receives));
        }
        return taken;
    }

    /** In-flight messages whose visibility timeout ran out become ready again, or dead letters if out of receives. */
    private void reclaimExpired(long now) {
        while (!byVisibleAt.isEmpty() && byVisibleAt.peek().visibleAt <= now) {
            Entry<T> entry = byVisibleAt.poll();
            inFlight.remove(entry.id);
            if (entry.receives >= maxReceives) {
                deadLetter(entry);
            } else {
                ready.put(entry.id, entry);
            }
        }
    }

    private void deadLetter(Entry<T> entry) {
        try {
            journal.deadLettered(entry.id, entry.body, entry.publishedAt, entry.receives);
        } catch (RuntimeException e) {
            ready.put(entry.id, entry);             // not given up after all: stays ready, the caller sees the failure
            throw e;
        }
        deadLetterCount++;
        if (keepDeadLetters) {
            deadLetters.add(entry.body);
        }
    }

    @Override
    public void acknowledge(Delivery<T> delivery) {
        acknowledge(delivery.receipt());
    }

    /**
     * Deletes the message a receipt was handed out for, whether still in flight or visible again; returns false for a
     * receipt of a message already acknowledged or dead-lettered (acknowledging is idempotent).
     */
    public boolean acknowledge(String receipt) {
        long id = idOf(receipt);
        lock.lock();
        try {
            Entry<T> entry = inFlight.remove(id);
            if (entry != null) {
                byVisibleAt.remove(entry);
            } else {
                entry = ready.remove(id);
            }
            if (entry == null) {
                return false;
            }
            journal.acknowledged(id, entry.body);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(Delivery<T> delivery, Duration delay) {
        release(delivery.receipt(), delay);
    }

    /**
     * Undoes the receive a receipt was handed out for and makes the message visible again after {@code delay}; false
     * (and nothing changes) when that receipt is no longer the message's latest in-flight one: acknowledged,
     * dead-lettered, released already, or received again after its visibility timeout.
     */
    public boolean release(String receipt, Duration delay) {
        long id = idOf(receipt);
        int receives = receivesOf(receipt);
        lock.lock();
        try {
            Entry<T> entry = inFlight.get(id);
            if (entry == null || entry.receives != receives) {
                return false;
            }
            journal.released(id, entry.body, receives - 1);
            entry.receives = receives - 1;
            byVisibleAt.remove(entry);
            entry.visibleAt = clock.millis() + Math.max(0, delay.toMillis());
            byVisibleAt.add(entry);                  // ready again once the delay is over (reclaimExpired)
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static int receivesOf(String receipt) {
        int dot = receipt.indexOf('.');
        try {
            return dot < 0 ? -1 : Integer.parseInt(receipt.substring(dot + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a receipt of this queue: '" + receipt + "'", e);
        }
    }

    private static long idOf(String receipt) {
        Objects.requireNonNull(receipt, "receipt");
        int dot = receipt.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? receipt : receipt.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a receipt of this queue: '" + receipt + "'", e);
        }
    }

    @Override
    public QueueStats stats() {
        lock.lock();
        try {
            long now = clock.millis();
            reclaimExpired(now);
            Duration oldest = ready.isEmpty() ? Duration.ZERO
                    : Duration.ofMillis(Math.max(0, now - ready.firstEntry().getValue().publishedAt));
            return new QueueStats(ready.size(), inFlight.size(), oldest, deadLetterCount);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Publishes again, with a fresh receive count, the dead letters {@code which} accepts (a queue without a journal
     * keeps them; a durable owner redrives its own and calls {@link #countDeadLetters} with the negative count).
     */
    @Override
    public long redriveDeadLetters(Predicate<? super T> which) {
        Objects.requireNonNull(which, "which");
        lock.lock();
        try {
            long moved = 0;
            for (Iterator<T> dead = deadLetters.iterator(); dead.hasNext(); ) {
                T body = dead.next();
                if (which.test(body)) {
                    dead.remove();
                    add(nextId, body, clock.millis(), 0);
                    moved++;
                }
            }
            deadLetterCount -= moved;
            return moved;
        } finally {
            lock.unlock();
        }
    }

    /** Bodies given up to the dead letters, oldest first (for a queue without a journal; a durable one keeps its own). */
    public List<T> deadLetters() {
        lock.lock();
        try {
            return List.copyOf(deadLetters);
        } finally {
            lock.unlock();
        }
    }

    /** Messages not yet acknowledged or dead-lettered, ready or in flight. */
    int size() {
        lock.lock();
        try {
            return ready.size() + inFlight.size();
        } finally {
            lock.unlock();
        }
    }

    private static final class Entry<T> {
        final long id;
        final T body;
        final long publishedAt;
        int receives;
        long visibleAt;

        Entry(long id, T body, long publishedAt, int receives) {
            this.id = id;
            this.body = body;
            this.publishedAt = publishedAt;
            this.receives = receives;
        }
    }
}
