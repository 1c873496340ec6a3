package dev.tributary.bootstrap.runtime;

import dev.tributary.application.port.in.ReplaySource;
import dev.tributary.application.port.in.ReplaySource.ReplayReport;
import dev.tributary.application.port.in.ReplaySource.ReplayRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The replays this process runs, one at a time on a thread of their own (a replay reads and writes in bulk; two at
 * once would only compete), each with its progress for whoever asks: the client API, the dashboard, the CLI that
 * started it. A replay cut off by a stop or a crash is not resumed by itself: the same request again resumes it.
 */
public final class Replays implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replays.class);

    private final ReplaySource replay;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "replay");
        t.setDaemon(true);
        return t;
    });

    public Replays(ReplaySource replay, Clock clock) {
        this.replay = replay;
        this.clock = clock;
    }

    /** Where a replay stands; {@code report} once done, {@code error} once failed. */
    public record State(String id, ReplayRequest request, Phase phase, Instant startedAt, long batchesDone,
                        long batchesKnown, long records, ReplayReport report, String error) {
        State progressed(long done, long known, long records) {
            return new State(id, request, Phase.RUNNING, startedAt, done, known, records, null, null);
        }
    }

    public enum Phase { QUEUED, RUNNING, DONE, FAILED }

    /** Queues the replay; it starts when the ones before it ended. */
    public State start(ReplayRequest request) {
        String id = UUID.randomUUID().toString();
        State queued = new State(id, request, Phase.QUEUED, clock.instant(), 0, 0, 0, null, null);
        states.put(id, queued);
        runner.execute(() -> run(queued));
        return queued;
    }

    public Optional<State> find(String id) {
        return Optional.ofNullable(states.get(id));
    }

    private void run(State queued) {
        String source = queued.request().source().value();
        LOG.atInfo().addKeyValue("replay", queued.id()).addKeyValue("source", source)
                .addKeyValue("dryRun", queued.request().dryRun()).log("replay started");
        try {
            ReplayReport report = replay.replay(queued.request(),
                    (done, known, records) -> states.computeIfPresent(queued.id(),
                            (id, s) -> s.progressed(done, known, records)));
            states.put(queued.id(), new State(queued.id(), queued.request(), Phase.DONE, queued.startedAt(),
                    report.batches(), report.batches(), report.records(), report, null));
            LOG.atInfo().addKeyValue("replay", queued.id()).addKeyValue("source", source)
                    .addKeyValue("batches", report.batches()).addKeyValue("records", report.records())
                    .addKeyValue("caughtUp", report.caughtUp()).addKeyValue("switched", report.switched())
                    .addKeyValue("millis", report.took().toMillis()).log("replay done");
        } catch (RuntimeException e) {
            State last = states.get(queued.id());
            states.put(queued.id(), new State(queued.id(), queued.request(), Phase.FAILED, queued.startedAt(),
                    last.batchesDone(), last.batchesKnown(), last.records(), null, String.valueOf(e.getMessage())));
            LOG.atWarn().addKeyValue("replay", queued.id()).addKeyValue("source", source)
                    .addKeyValue("error", e.getClass().getSimpleName()).log("replay failed; the same request resumes it");
        }
    }

    @Override
    public void close() throws InterruptedException {
        runner.shutdownNow();
        runner.awaitTermination(10, TimeUnit.SECONDS);
    }
}
