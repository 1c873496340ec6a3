package dev.tributary.bench;

import dev.tributary.adapters.formats.UuidV7BatchIds;
import dev.tributary.adapters.formats.catalog.SourceText;
import dev.tributary.adapters.formats.catalog.YamlSourceCatalog;
import dev.tributary.adapters.formats.codec.JacksonRecordCodec;
import dev.tributary.adapters.formats.codec.ParquetStagedCodec;
import dev.tributary.adapters.local.db.EmbeddedDatabase;
import dev.tributary.adapters.local.lake.InMemoryLakeStore;
import dev.tributary.application.port.in.ReplaySource.ReplayReport;
import dev.tributary.application.port.in.ReplaySource.ReplayRequest;
import dev.tributary.application.port.out.AggregateRebuilds;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.usecase.AggregateStagedObjectService;
import dev.tributary.application.usecase.PipelineSteps;
import dev.tributary.application.usecase.ReplaySourceService;
import dev.tributary.application.usecase.StageTransformedObjectService;
import dev.tributary.application.usecase.TransformRawObjectService;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceName;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lake work that waits on S3 on AWS, over a lake that answers each request after {@code latency}, as S3 does (tens
 * of milliseconds in region) where the file lake answers in microseconds; production services and codecs, JDBC
 * stores on an embedded PostgreSQL:
 * <ul>
 *   <li>the replay ({@link ReplaySourceService}) after a rule change, so each batch makes the requests of one cleaned
 *   again (raw read, transformed compared and written, quarantine removed, staged written). Subject: 32 batches in
 *   flight (the AWS setting); baseline: one per core (the setting before), on the same slow lake. Also printed: one
 *   per core over the lake without latency, what the replay does locally;</li>
 *   <li>an aggregator's groups of 50 staged objects ({@link AggregateStagedObjectService#aggregateAll}, each object
 *   new to the ledger). Subject: 16 reads in flight (the AWS setting); baseline: one read after another (before).</li>
 * </ul>
 */
final class LakeLatencyFigures {
    private static final SourceName SOURCE = new SourceName(ClickEvents.SOURCE);
    private static final int EVENTS = 1_000;
    private static final int IN_FLIGHT = 32;
    private static final int READS_IN_FLIGHT = 16;
    private static final int GROUP = 50;
    private final Path work;
    private final int batches;
    private final int rounds;
    private final Duration latency;

    LakeLatencyFigures(Path work, int batches, int rounds, Duration latency) {
        this.work = work;
        this.batches = batches;
        this.rounds = rounds;
        this.latency = latency;
    }

    List<Comparison> run() throws IOException {
        ClickEvents.Definitions definitions = ClickEvents.Definitions.load();
        List<SourceCatalog> rules = List.of(catalog(definitions.shipped()), catalog(definitions.changed()));
        int cores = Runtime.getRuntime().availableProcessors();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("postgres"), ChildJvm.freePort());
             ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).properties(Map.of(
                     "tributary.database.url", db.jdbcUrl(), "tributary.database.user", db.user(),
                     "tributary.database.pool-size", 4)).start()) {
            AggregateStore store = context.getBean(AggregateStore.class);
            AggregateRebuilds rebuilds = context.getBean(AggregateRebuilds.class);
            startWith(rules.get(0), store);
            LakeStore lake = new InMemoryLakeStore();
            ingest(lake, rules.get(0), store);
            SlowLake slow = new SlowLake(lake, latency);
            List<Double> subject = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            List<Double> local = new ArrayList<>();
            int replays = 0;
            replay(lake, rules.get(++replays % 2), store, rebuilds, cores);     // untimed: the JIT compiles the path
            for (int round = 0; round < rounds; round++) {
                // each replay cleans every batch again: the rules alternate, so each finds the other's objects
                boolean manyFirst = round % 2 == 0;
                double first = replay(slow, rules.get(++replays % 2), store, rebuilds, manyFirst ? IN_FLIGHT : cores);
                double second = replay(slow, rules.get(++replays % 2), store, rebuilds, manyFirst ? cores : IN_FLIGHT);
                subject.add(manyFirst ? first : second);
                baseline.add(manyFirst ? second : first);
                local.add(replay(lake, rules.get(++replays % 2), store, rebuilds, cores));
                System.out.printf("bench: replay over a slow lake: round %d: %,.0f records/s with %d batches in flight,"
                        + " %,.0f with %d; %,.0f with %d over the lake without latency%n", round + 1,
                        subject.get(round), IN_FLIGHT, baseline.get(round), cores, local.get(round), cores);
            }
            Comparison aggregate = aggregateFigure(lake, slow, rules.get(replays % 2), store);
            return List.of(new Comparison("Replay after a rule change over a lake with S3's latency, " + IN_FLIGHT
                    + " batches in flight", "records/s", subject, baseline, 4.0, String.format(
                    "%d batches of %,d web_clicks events ingested, one replay to warm up, then per round one replay "
                            + "each way, alternating which goes first, every batch cleaned again, over an in-memory "
                            + "lake answering each request after %d ms; baseline: one batch in flight per core (%d), "
                            + "as before; the same replay over the lake without latency: %,.0f records/s (median of "
                            + "the rounds %s)", batches, EVENTS, latency.toMillis(), cores, Comparison.median(local),
                    local.stream().map(r -> String.format("%,.0f", r)).toList())), aggregate);
        }
    }

    /**
     * Staged objects per second of an aggregator's groups of {@value #GROUP}, reads one after another against
     * {@value #READS_IN_FLIGHT} at once; every round and side on objects of its own, staged under the rules in force.
     */
    private Comparison aggregateFigure(LakeStore lake, LakeStore slow, SourceCatalog rules, AggregateStore store) {
        PipelineSteps steps = PipelineSteps.over(lake, rules, new JacksonRecordCodec(), new ParquetStagedCodec(),
                store, Clock.systemUTC());
        UuidV7BatchIds ids = new UuidV7BatchIds(Clock.systemUTC());
        ClickEvents events = new ClickEvents(29);
        List<Double> subject = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        List<Double> local = new ArrayList<>();
        int groups = 4;
        for (int round = 0; round <= rounds; round++) {               // round 0 warms both up, untimed
            boolean manyFirst = round % 2 == 0;
            double first = aggregate(steps, ids, events, slow, rules, store, groups, manyFirst ? READS_IN_FLIGHT : 1);
            double second = aggregate(steps, ids, events, slow, rules, store, groups, manyFirst ? 1 : READS_IN_FLIGHT);
            double unhindered = aggregate(steps, ids, events, lake, rules, store, groups, 1);
            if (round > 0) {
                subject.add(manyFirst ? first : second);
                baseline.add(manyFirst ? second : first);
                local.add(unhindered);
                System.out.printf("bench: aggregator over a slow lake: round %d: %,.1f objects/s with %d reads in "
                        + "flight, %,.1f one after another; %,.1f over the lake without latency%n", round,
                        subject.get(round - 1), READS_IN_FLIGHT, baseline.get(round - 1), unhindered);
            }
        }
        return new Comparison("Aggregator groups of " + GROUP + " staged objects over a lake with S3's latency, "
                + READS_IN_FLIGHT + " reads in flight", "objects/s", subject, baseline, 4.0, String.format(
                "per round and side %d groups of %d staged objects of 1,000 web_clicks events, new to the ledger, read "
                        + "over an in-memory lake answering each request after %d ms, folded and applied in one "
                        + "transaction per group (JdbcAggregateStore); baseline: one read after another, as before; "
                        + "over the lake without latency, one after another: %s objects/s", groups, GROUP,
                latency.toMillis(), local.stream().map(r -> String.format("%,.1f", r)).toList()));
    }

    /** Objects per second of {@code groups} groups, each staged first (untimed) over the lake without latency. */
    private static double aggregate(PipelineSteps steps, UuidV7BatchIds ids, ClickEvents events, LakeStore slow,
                                    SourceCatalog rules, AggregateStore store, int groups, int readsInFlight) {
        List<List<ObjectKey>> staged = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<ObjectKey> group = new ArrayList<>();
            for (int i = 0; i < GROUP; i++) {
                group.add(staged(steps, ids, events));
            }
            staged.add(group);
        }
        AggregateStagedObjectService aggregator = new AggregateStagedObjectService(slow, rules,
                new ParquetStagedCodec(), store, Clock.systemUTC(), readsInFlight);
        long start = System.nanoTime();
        for (List<ObjectKey> group : staged) {
            int applied = aggregator.aggregateAll(group).reports().size();
            if (applied != GROUP) {
                throw new IllegalStateException("expected " + GROUP + " objects aggregated, got " + applied);
            }
        }
        return groups * GROUP / ((System.nanoTime() - start) / 1e9);
    }

    private static SourceCatalog catalog(String webClicks) {
        return new YamlSourceCatalog(List.of(new SourceText(ClickEvents.SOURCE + ".yml", webClicks)));
    }

    /** The pipeline's four steps over the lake (without latency): raw, transformed, staged, aggregated. */
    private void ingest(LakeStore lake, SourceCatalog sources, AggregateStore store) {
        Clock clock = Clock.systemUTC();
        PipelineSteps steps = PipelineSteps.over(lake, sources, new JacksonRecordCodec(), new ParquetStagedCodec(),
                store, clock);
        UuidV7BatchIds ids = new UuidV7BatchIds(clock);
        ClickEvents events = new ClickEvents(17);
        for (int i = 0; i < batches; i++) {
            steps.aggregate().aggregate(staged(steps, ids, events));
        }
    }

    /** A new batch of {@value #EVENTS} events written raw, transformed and staged: its staged object. */
    private static ObjectKey staged(PipelineSteps steps, UuidV7BatchIds ids, ClickEvents events) {
        Instant at = Instant.now();
        ObjectKey raw = steps.writeRaw().write(new Batch(ids.next(), SOURCE, InputFormat.NDJSON, at, EVENTS,
                events.batch(EVENTS, at)));
        steps.transform().transform(raw);
        return steps.stage().stage(raw.in(Zone.TRANSFORMED)).staged();
    }

    /** What a pipeline does on start with {@code rules}: tables extended, the definition it runs now recorded. */
    private static void startWith(SourceCatalog rules, AggregateStore store) {
        store.prepare(rules.all());
        Map<SourceName, DefinitionVersion> versions = new java.util.HashMap<>();
        rules.all().forEach(s -> rules.version(s.name()).ifPresent(v -> versions.put(s.name(), v)));
        store.recordVersions(rules.all(), versions);
    }

    /** Records per second of one whole replay of the source after a start with {@code rules}, over {@code lake}. */
    private double replay(LakeStore lake, SourceCatalog rules, AggregateStore store, AggregateRebuilds rebuilds,
                          int inFlight) {
        startWith(rules, store);
        Clock clock = Clock.systemUTC();
        JacksonRecordCodec codec = new JacksonRecordCodec();
        ParquetStagedCodec staged = new ParquetStagedCodec();
        ReplaySourceService replay = new ReplaySourceService(rules,
                new TransformRawObjectService(lake, rules, codec, clock),
                new StageTransformedObjectService(lake, rules, codec, staged, clock),
                new AggregateStagedObjectService(lake, rules, staged, store, clock), rebuilds, clock, inFlight);
        long start = System.nanoTime();
        ReplayReport report = replay.replay(new ReplayRequest(SOURCE, Optional.empty(), Optional.empty(),
                Optional.empty(), false), (done, known, records) -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (report.transformed() != batches || report.batches() != batches) {
            throw new IllegalStateException("expected all " + batches + " batches cleaned again, got "
                    + report.transformed() + " of " + report.batches());
        }
        return report.records() / seconds;
    }

    /** A lake whose every request takes {@code latency} more, as a network round trip does. */
    private record SlowLake(LakeStore lake, Duration latency) implements LakeStore {
        private void pause() {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        @Override
        public void put(ObjectKey key, LakeObject object) {
            pause();
            lake.put(key, object);
        }

        @Override
        public Optional<LakeObject> get(ObjectKey key) {
            pause();
            return lake.get(key);
        }

        @Override
        public void delete(ObjectKey key) {
            pause();
            lake.delete(key);
        }

        @Override
        public List<ObjectKey> list(Zone zone, Optional<SourceName> source) {
            pause();
            return lake.list(zone, source);
        }

        @Override
        public List<ObjectKey> listNewest(Zone zone, SourceName source, Optional<BatchId> before, int limit) {
            pause();
            return lake.listNewest(zone, source, before, limit);
        }
    }
}
