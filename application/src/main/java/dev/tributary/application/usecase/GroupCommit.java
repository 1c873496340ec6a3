package dev.tributary.application.usecase;

import dev.tributary.application.port.in.IngestBatch.IngestReceipt;
import dev.tributary.application.port.out.BatchIds;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.usecase.IngestBatchService.GroupThreads;
import dev.tributary.application.usecase.IngestBatchService.Grouping;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.batch.GroupedBody;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for small posts: posts of one source (and, for CSV, one header) join an open group, which is published
 * as one batch when it is full or {@code maxWait} after it opened, whichever comes first; in eager mode also as soon
 * as no earlier group of its key is being published, so an idle source answers without waiting and a busy one
 * gathers the posts that arrive during a publish (classic group commit). Every member's receipt completes only once
 * that batch is durable (invariant 1); if publishing fails, every member's receipt fails and nothing of the group was
 * accepted.
 */
final class GroupCommit implements AutoCloseable {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final MessageQueue<Batch> queue;
    private final BatchIds batchIds;
    private final Clock clock;
    private final Grouping grouping;
    private final ScheduledExecutorService deadlines;
    private final Executor publishers;
    private final Map<GroupKey, OpenGroup> open = new HashMap<>();
    /** Eager mode: how many groups of each key are being published. */
    private final Map<GroupKey, Integer> publishing = new HashMap<>();
    private boolean closed;
    /** Groups handed to the publishers and not yet published (or failed): close waits for them. */
    private int publishesUnderWay;

    private record GroupKey(SourceName source, String key) {}

    private record Member(int records, CompletableFuture<IngestReceipt> receipt) {}

    /** Guarded by the enclosing instance's lock until sealed; read only by its publisher after. */
    private static final class OpenGroup {
        final GroupKey key;
        final BatchId id;
        final Instant openedAt;
        final SourceName source;
        final InputFormat format;
        final List<byte[]> bodies = new ArrayList<>();
        final List<Member> members = new ArrayList<>();
        int records;
        long bytes;
        Future<?> deadline;

        OpenGroup(GroupKey key, BatchId id, Instant openedAt, SourceName source, InputFormat format) {
            this.key = key;
            this.id = id;
            this.openedAt = openedAt;
            this.source = source;
            this.format = format;
        }
    }

    GroupCommit(MessageQueue<Batch> queue, BatchIds batchIds, Clock clock, Grouping grouping, GroupThreads threads) {
        this.queue = queue;
        this.batchIds = batchIds;
        this.clock = clock;
        this.grouping = grouping;
        this.deadlines = threads.deadlines();
        this.publishers = threads.publishers();
    }

    /** True when a post of this size may join a group rather than travel alone. */
    boolean accepts(int records, int bytes) {
        return records < grouping.maxRecords() && bytes < grouping.maxBytes();
    }

    /** Adds a post to its source's open group; the receipt completes when the group's batch is durable. */
    CompletableFuture<IngestReceipt> add(SourceName source, InputFormat format, String key, byte[] body, int records) {
        CompletableFuture<IngestReceipt> receipt = new CompletableFuture<>();
        List<OpenGroup> sealed = new ArrayList<>(2);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("ingest is shutting down");
            }
            GroupKey groupKey = new GroupKey(source, key);
            OpenGroup group = open.get(groupKey);
            if (group != null && (group.records + records > grouping.maxRecords()
                    || group.bytes + body.length > grouping.maxBytes())) {
                sealed.add(seal(groupKey));
                group = null;
            }
            if (group == null) {
                group = new OpenGroup(groupKey, batchIds.next(), clock.instant(), source, format);
                open.put(groupKey, group);
                OpenGroup opened = group;
                group.deadline = deadlines.schedule(() -> sealAtDeadline(groupKey, opened), grouping.maxWait().toNanos(),
                        TimeUnit.NANOSECONDS);
            }
            group.bodies.add(body);
            group.members.add(new Member(records, receipt));
            group.records += records;
            group.bytes += body.length;
            if (group.records >= grouping.maxRecords() || group.bytes >= grouping.maxBytes()
                    || grouping.eager() && !publishing.containsKey(groupKey)) {
                sealed.add(seal(groupKey));
            }
        }
        sealed.forEach(this::publishLater);
        return receipt;
    }

    private OpenGroup seal(GroupKey key) {
        OpenGroup group = open.remove(key);
        group.deadline.cancel(false);
        if (grouping.eager()) {
            publishing.merge(key, 1, Integer::sum);
        }
        return group;
    }

    private void sealAtDeadline(GroupKey key, OpenGroup group) {
        synchronized (this) {
            if (open.get(key) != group) {
                return;   // sealed when it filled up
            }
            seal(key);
        }
        publishLater(group);
    }

    private void publishLater(OpenGroup group) {
        synchronized (this) {
            publishesUnderWay++;
        }
        try {
            publishers.execute(() -> publishCounted(group));
        } catch (RejectedExecutionException shuttingDown) {
            publishCounted(group);
        }
    }

    private void publishCounted(OpenGroup group) {
        try {
            publish(group);
        } finally {
            synchronized (this) {
                publishesUnderWay--;
                notifyAll();
            }
        }
    }

    private void publish(OpenGroup group) {
        try {
            byte[] payload = GroupedBody.join(group.format, group.bodies);
            queue.publish(new Batch(group.id, group.source, group.format, group.openedAt, group.records, payload));
        } catch (RuntimeException e) {
            group.members.forEach(m -> m.receipt().completeExceptionally(e));
            return;
        } finally {
            published(group.key);
        }
        group.members.forEach(m -> m.receipt().complete(new IngestReceipt(group.id, group.source, m.records())));
    }

    /** Eager mode: the posts that gathered while this group was being published go next. */
    private void published(GroupKey key) {
        if (!grouping.eager()) {
            return;
        }
        OpenGroup next = null;
        synchronized (this) {
            publishing.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
            if (!publishing.containsKey(key) && open.containsKey(key)) {
                next = seal(key);
            }
        }
        if (next != null) {
            publishLater(next);
        }
    }

    /**
     * Publishes every open group at once, then waits for the publishes under way. The threads are the caller's: they
     * are left running.
     */
    @Override
    public void close() {
        List<OpenGroup> remaining;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            remaining = List.copyOf(open.values());
            open.clear();
        }
        remaining.forEach(g -> g.deadline.cancel(false));
        remaining.forEach(this::publishLater);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        synchronized (this) {
            try {
                while (publishesUnderWay > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("ingest groups still publishing after " + CLOSE_WAIT);
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
