package dev.tributary.application.usecase;

import dev.tributary.application.port.in.ReadPipelineStatus;
import dev.tributary.application.port.out.AggregatorFleet;
import dev.tributary.application.port.out.AppliedBatchLedger;

import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.scaling.QueueStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads every queue's backlog, the ledger's recent activity and the aggregator fleet into one snapshot. */
public final class ReadPipelineStatusService implements ReadPipelineStatus {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final Map<Stage, Supplier<QueueStats>> queues;
    private final AppliedBatchLedger ledger;
    private final AggregatorFleet fleet;
    private final Clock clock;
    private final int minutes;

    /**
     * {@code queues}: the stats of the queue in front of each stage that has one (on AWS, S3 invokes the transformation
     * and staging functions directly, so only the ingest and staged-notice queues exist); {@code minutes}: how far
     * back the per-minute series goes.
     */
    public ReadPipelineStatusService(Map<Stage, Supplier<QueueStats>> queues, AppliedBatchLedger ledger,
                                     AggregatorFleet fleet, Clock clock, int minutes) {
        if (!queues.containsKey(Stage.INGEST) || !queues.containsKey(Stage.STAGED)) {
            throw new IllegalArgumentException("the ingest and staged queues are needed, got " + queues.keySet());
        }
        if (minutes < 1) {
            throw new IllegalArgumentException("minutes must be >= 1: " + minutes);
        }
        this.queues = new EnumMap<>(queues);
        this.ledger = ledger;
        this.fleet = fleet;
        this.clock = clock;
        this.minutes = minutes;
    }

    @Override
    public PipelineStatus read() {
        Instant now = clock.instant();
        List<StageBacklog> backlog = new ArrayList<>();
        queues.forEach((stage, stats) -> backlog.add(new StageBacklog(stage, stats.get())));
        Instant minuteAgo = now.minus(MINUTE);
        Activity lastMinute = ledger.activity(minuteAgo, now, MINUTE).stream().findFirst()
                .orElse(new Activity(minuteAgo, 0, 0, 0, Duration.ZERO, Duration.ZERO));
        Instant seriesEnd = now.truncatedTo(ChronoUnit.MINUTES).plus(MINUTE);
        List<Activity> perMinute = ledger.activity(seriesEnd.minus(MINUTE.multipliedBy(minutes)), seriesEnd, MINUTE);
        return new PipelineStatus(now, backlog, lastMinute, perMinute, ledger.count(Optional.empty()),
                fleet.instances());
    }
}
