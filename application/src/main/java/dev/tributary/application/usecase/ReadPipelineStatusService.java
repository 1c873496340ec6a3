package dev.tributary.application.usecase;

import dev.tributary.application.port.in.ReadPipelineStatus;
import dev.tributary.application.port.out.AggregatorFleet;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.DependencyOutages;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.scaling.Outage;
import dev.tributary.domain.scaling.QueueStats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads every queue's backlog, the ledger's recent activity and the aggregator fleet into one snapshot. A part whose
 * dependency is unavailable is left out and named, and that dependency is reported down from the first read that
 * failed, together with what the consumers' breakers report ({@link DependencyOutages}): the page keeps answering
 * while PostgreSQL or a queue is down, and says which and since when.
 */
public final class ReadPipelineStatusService implements ReadPipelineStatus {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /**
     * How often a part that failed is read again: in between, it is reported unreadable at once, so a status read
     * during an outage does not wait for each dependency's timeout (PostgreSQL's connect timeout is 5 s).
     */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(10);

    private final Map<Stage, Supplier<QueueStats>> queues;
    private final AppliedBatchLedger ledger;
    private final AggregatorFleet fleet;
    private final DependencyOutages outages;
    private final Clock clock;
    private final int minutes;
    /** Parts that failed on their last read, with the dependency and the first failure of the current run of them. */
    private final Map<Part, Outage> failing = new ConcurrentHashMap<>();
    /** When each failing part was last tried. */
    private final Map<Part, Instant> probed = new ConcurrentHashMap<>();

    /**
     * {@code queues}: the stats of the queue in front of each stage this process can see (at least ingest and
     * staged); {@code minutes}: how far back the per-minute series goes.
     */
    public ReadPipelineStatusService(Map<Stage, Supplier<QueueStats>> queues, AppliedBatchLedger ledger,
                                     AggregatorFleet fleet, DependencyOutages outages, Clock clock, int minutes) {
        if (!queues.containsKey(Stage.INGEST) || !queues.containsKey(Stage.STAGED)) {
            throw new IllegalArgumentException("the ingest and staged queues are needed, got " + queues.keySet());
        }
        if (minutes < 1) {
            throw new IllegalArgumentException("minutes must be >= 1: " + minutes);
        }
        this.queues = new EnumMap<>(queues);
        this.ledger = ledger;
        this.fleet = fleet;
        this.outages = outages;
        this.clock = clock;
        this.minutes = minutes;
    }

    @Override
    public PipelineStatus read() {
        Instant now = clock.instant();
        List<StageBacklog> backlog = new ArrayList<>();
        queues.forEach((stage, stats) -> read(Part.backlogOf(stage), now, stats)
                .ifPresent(s -> backlog.add(new StageBacklog(stage, s))));
        Optional<LedgerParts> fromLedger = read(Part.LEDGER, now, () -> readLedger(now));
        return new PipelineStatus(now, backlog, fromLedger.map(LedgerParts::lastMinute),
                fromLedger.map(LedgerParts::perMinute).orElse(List.of()),
                fromLedger.map(l -> OptionalLong.of(l.batchesApplied())).orElse(OptionalLong.empty()),
                fleet.instances(), outages(), failing.keySet().stream().sorted().toList());
    }

    private record LedgerParts(Activity lastMinute, List<Activity> perMinute, long batchesApplied) {}

    private LedgerParts readLedger(Instant now) {
        Instant minuteAgo = now.minus(MINUTE);
        Activity lastMinute = ledger.activity(minuteAgo, now, MINUTE).stream().findFirst()
                .orElse(new Activity(minuteAgo, 0, 0, 0, Duration.ZERO, Duration.ZERO));
        Instant seriesEnd = now.truncatedTo(ChronoUnit.MINUTES).plus(MINUTE);
        List<Activity> perMinute = ledger.activity(seriesEnd.minus(MINUTE.multipliedBy(minutes)), seriesEnd, MINUTE);
        return new LedgerParts(lastMinute, perMinute, ledger.count(Optional.empty()));
    }

    /**
     * The part's value, or empty (remembered as failing since its first failed read) when its dependency is down; a
     * failing part is tried again only {@link #PROBE_INTERVAL} after its last try.
     */
    private <T> Optional<T> read(Part part, Instant now, Supplier<T> reader) {
        Instant lastTry = probed.get(part);
        if (failing.containsKey(part) && lastTry != null && now.isBefore(lastTry.plus(PROBE_INTERVAL))) {
            return Optional.empty();
        }
        try {
            T value = reader.get();
            failing.remove(part);
            probed.remove(part);
            return Optional.of(value);
        } catch (PortUnavailableException e) {
            probed.put(part, now);
            failing.compute(part, (p, before) -> before != null && before.dependency().equals(e.dependency())
                    ? before : new Outage(e.dependency(), now));
            return Optional.empty();
        }
    }

    /** One line per dependency, the earliest report of it first: the breakers' and the status page's own. */
    private List<Outage> outages() {
        Map<String, Outage> byDependency = new LinkedHashMap<>();
        List<Outage> all = new ArrayList<>(outages.current());
        all.addAll(failing.values());
        for (Outage outage : all) {
            byDependency.merge(outage.dependency(), outage, Outage::earlier);
        }
        return byDependency.values().stream().sorted(Comparator.comparing(Outage::since)).toList();
    }
}
