package dev.tributary.bootstrap.dashboard;

import dev.tributary.application.port.in.ReadPipelineStatus;
import dev.tributary.application.port.in.ReadPipelineStatus.PipelineStatus;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The latest pipeline status, read at most once per {@link #MAX_AGE} however many dashboards, SSE streams and metric
 * scrapes ask: the instance stays stateless (everything comes from shared queues and the ledger), but cheap.
 */
@Singleton
public final class StatusFeed {
    static final Duration MAX_AGE = Duration.ofMillis(900);

    private final ReadPipelineStatus readPipelineStatus;
    private PipelineStatus latest;
    private long readAtNanos;

    StatusFeed(ReadPipelineStatus readPipelineStatus) {
        this.readPipelineStatus = readPipelineStatus;
    }

    public synchronized PipelineStatus current() {
        long now = System.nanoTime();
        if (latest == null || now - readAtNanos > MAX_AGE.toNanos()) {
            latest = readPipelineStatus.read();
            readAtNanos = now;
        }
        return latest;
    }
}
