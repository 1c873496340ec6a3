package dev.tributary.bootstrap.runtime;

import dev.tributary.application.usecase.IngestBatchService.GroupThreads;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the ingest role's group commit runs on: one daemon timer for the groups' deadlines, and up to
 * {@value #PUBLISHERS} daemon publishers (each blocks until its batch is durable, so sources posting at once do not
 * wait on each other; idle ones end after 30 s). Closed after the ingest service, which publishes its open groups
 * first.
 */
public final class IngestGroupThreads implements AutoCloseable {
    static final int PUBLISHERS = 32;

    private final ScheduledThreadPoolExecutor deadlines;
    private final ThreadPoolExecutor publishers;

    public IngestGroupThreads() {
        deadlines = new ScheduledThreadPoolExecutor(1, daemons("tributary-ingest-group-timer"));
        deadlines.setRemoveOnCancelPolicy(true);
        publishers = new ThreadPoolExecutor(PUBLISHERS, PUBLISHERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemons("tributary-ingest-group-publisher"));
        publishers.allowCoreThreadTimeOut(true);
    }

    public GroupThreads groupThreads() {
        return new GroupThreads(deadlines, publishers);
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        publishers.shutdown();
        try {
            if (!publishers.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ingest group publishers still running after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
