package dev.tributary.bench;

import dev.tributary.adapters.formats.catalog.YamlSourceCatalog;
import dev.tributary.adapters.formats.codec.JacksonRecordCodec;
import dev.tributary.adapters.formats.codec.ParquetStagedCodec;
import dev.tributary.adapters.formats.UuidV7BatchIds;
import dev.tributary.adapters.local.lake.InMemoryLakeStore;
import dev.tributary.adapters.local.store.InMemoryAggregateStore;
import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.usecase.PipelineSteps;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.Aggregator;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One pipeline step's CPU on one thread, for A/B runs of two builds side by side ({@code bench/ab.sh}): the
 * production services and codecs over an in-memory lake, on {@code web_clicks} batches of 1,000 events.
 * {@code java -cp tributary.jar:tributary-bench.jar dev.tributary.bench.StepCpu <step> <seconds> <warmup seconds>}
 * with step {@code count} (the ingest count of a body), {@code transform} (raw → transformed + quarantine),
 * {@code stage} (transformed → Parquet) or {@code aggregate} (staged Parquet read and folded into the source's
 * aggregations; an in-memory store, so no database) or {@code combine} (the folded deltas of all 16 batches merged
 * into one per aggregation, as a store's transaction over a group of batches does; there, a "batch" is one combine of
 * the 16). Prints one line: step, batches/s (wall), CPU ms per batch of the measuring thread (less sensitive to other
 * processes on a shared machine, but blind to GC threads), MB allocated per batch.
 * Uses only APIs both sides of an A/B have, so one bench jar drives either build.
 */
public final class StepCpu {
    private static final int BATCHES = 16;
    private static final int EVENTS = 1_000;

    private StepCpu() {
    }

    public static void main(String[] args) {
        String step = args[0];
        long seconds = Long.parseLong(args[1]);
        long warmup = Long.parseLong(args[2]);
        Runnable[] work = prepare(step);
        run(work, warmup);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long cpu = threads.getCurrentThreadCpuTime();
        long ops = run(work, seconds);
        double cpuMsPerOp = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / ops;
        double mbPerOp = (threads.getCurrentThreadAllocatedBytes() - allocated) / 1e6 / ops;
        System.out.printf(Locale.ROOT, "%s %.1f batches/s, %.3f CPU ms/batch, %.2f MB/batch%n", step,
                ops / (double) seconds, cpuMsPerOp, mbPerOp);
    }

    private static long run(Runnable[] work, long seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long ops = 0;
        while (System.nanoTime() < end) {
            work[(int) (ops % work.length)].run();
            ops++;
        }
        return ops;
    }

    private static Runnable[] prepare(String step) {
        SourceName source = new SourceName(ClickEvents.SOURCE);
        Clock clock = Clock.systemUTC();
        LakeStore lake = new InMemoryLakeStore();
        YamlSourceCatalog catalog = YamlSourceCatalog.shipped();
        JacksonRecordCodec codec = new JacksonRecordCodec();
        InMemoryAggregateStore store = new InMemoryAggregateStore();
        store.prepare(catalog.all());
        ParquetStagedCodec parquetCodec = new ParquetStagedCodec();
        PipelineSteps steps = PipelineSteps.over(lake, catalog, codec, parquetCodec, store, clock);
        SourceDefinition clicks = catalog.require(source);
        List<AggregateDelta> deltas = new ArrayList<>();     // combine: every batch's, filled as the batches are made
        TransformRawObject transform = steps.transform();
        StageTransformedObject stage = steps.stage();
        AggregateStagedObject aggregate = steps.aggregate();
        UuidV7BatchIds ids = new UuidV7BatchIds(clock);
        ClickEvents events = new ClickEvents(42);
        List<Runnable> work = new ArrayList<>();
        for (int i = 0; i < BATCHES; i++) {
            byte[] body = events.batch(EVENTS, Instant.now());
            ObjectKey raw = steps.writeRaw().write(
                    new Batch(ids.next(), source, InputFormat.NDJSON, Instant.now(), EVENTS, body));
            ObjectKey transformed = raw.in(Zone.TRANSFORMED);
            switch (step) {
                case "count" -> work.add(() -> check(codec.count(InputFormat.NDJSON, body)));
                case "transform" -> work.add(() -> check(transform.transform(raw).clean()));
                case "stage" -> {
                    transform.transform(raw);
                    work.add(() -> check(stage.stage(transformed).records()));
                }
                case "aggregate" -> {
                    // The first fold of each object is applied; the repeats are duplicates to the store's ledger,
                    // so this measures reading the staged object and folding it into the aggregations' deltas.
                    transform.transform(raw);
                    ObjectKey staged = stage.stage(transformed).staged();
                    work.add(() -> check(aggregate.aggregate(staged).records()));
                }
                case "combine" -> {
                    transform.transform(raw);
                    byte[] parquet = lake.get(stage.stage(transformed).staged()).orElseThrow().bytes();
                    List<CleanRecord> records = parquetCodec.read(clicks, parquet).records();
                    clicks.aggregations().forEach(spec -> deltas.add(Aggregator.aggregate(spec, records)));
                    work.add(() -> {
                        if (AggregateDelta.combine(deltas).size() != clicks.aggregations().size()) {
                            throw new IllegalStateException("expected one combined delta per aggregation");
                        }
                    });
                }
                default -> throw new IllegalArgumentException(
                        "step is count, transform, stage, aggregate or combine, not " + step);
            }
        }
        return work.toArray(Runnable[]::new);
    }

    private static void check(int records) {
        if (records != EVENTS) {
            throw new IllegalStateException("expected " + EVENTS + " records, got " + records);
        }
    }
}
