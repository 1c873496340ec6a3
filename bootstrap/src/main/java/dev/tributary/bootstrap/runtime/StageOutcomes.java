package dev.tributary.bootstrap.runtime;

import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.application.usecase.PipelineSteps;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every stage's outcome, counted and logged the same way in both deployments (the local loops and the Lambda handlers
 * call the stages through here): per stage, named with its verb ({@code write_raw}, {@code transform}, {@code stage},
 * {@code aggregate}), the counters {@code tributary.<verb>.batches}, {@code .records}, {@code .rejected} (transform),
 * {@code .failures} and the timer {@code tributary.<verb>.duration}; and one DEBUG line per batch with its source,
 * batch id, records and duration — never its data.
 */
public final class StageOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(StageOutcomes.class);

    private StageOutcomes() {
    }

    /** The same four stages, each counting and logging its outcomes in {@code registry}. */
    public static PipelineSteps around(PipelineSteps steps, MeterRegistry registry) {
        Meters writeRaw = new Meters(registry, "write_raw");
        Meters transform = new Meters(registry, "transform");
        Meters stage = new Meters(registry, "stage");
        Meters aggregate = new Meters(registry, "aggregate");
        return new PipelineSteps(
                new WriteRawBatch() {
                    @Override
                    public ObjectKey write(Batch batch) {
                        Timed<ObjectKey> raw = writeRaw.time(() -> steps.writeRaw().write(batch));
                        writeRaw.done(raw.value(), batch.recordCount(), 0, raw.nanos(), "raw batch written");
                        return raw.value();
                    }
                },
                new TransformRawObject() {
                    @Override
                    public TransformReport transform(ObjectKey raw) {
                        Timed<TransformReport> report = transform.time(() -> steps.transform().transform(raw));
                        transform.done(raw, report.value().clean(), report.value().rejected(), report.nanos(),
                                "raw object transformed");
                        return report.value();
                    }
                },
                new StageTransformedObject() {
                    @Override
                    public StageReport stage(ObjectKey transformed) {
                        Timed<StageReport> report = stage.time(() -> steps.stage().stage(transformed));
                        stage.done(transformed, report.value().records(), 0, report.nanos(), "transformed object staged");
                        return report.value();
                    }
                },
                new AggregateStagedObject() {
                    @Override
                    public AggregateReport aggregate(ObjectKey staged) {
                        Timed<AggregateReport> report = aggregate.time(() -> steps.aggregate().aggregate(staged));
                        aggregated(aggregate, report.value(), report.nanos());
                        return report.value();
                    }

                    @Override
                    public GroupReport aggregateAll(List<ObjectKey> stagedObjects) {
                        Timed<GroupReport> group = aggregate.time(() -> steps.aggregate().aggregateAll(stagedObjects));
                        group.value().reports().forEach(r -> aggregated(aggregate, r, group.nanos()));
                        group.value().failed().forEach(f -> aggregate.failures.increment());
                        return group.value();
                    }
                });
    }

    /**
     * A batch found already applied is no new outcome: it is logged as such and not counted again. In a group, each
     * batch's line carries the group's duration (one transaction applies them all).
     */
    private static void aggregated(Meters meters, AggregateStagedObject.AggregateReport report, long nanos) {
        if (report.outcome() instanceof LedgerOutcome.AlreadyApplied) {
            LOG.atDebug().addKeyValue("source", report.staged().source()).addKeyValue("batchId", report.staged().batch())
                    .log("staged object already aggregated");
            return;
        }
        meters.done(report.staged(), report.records(), 0, nanos, "staged object aggregated");
    }

    /** A stage's result and how long it took. */
    private record Timed<T>(T value, long nanos) {}

    private static final class Meters {
        final Counter batches;
        final Counter records;
        final Counter rejected;
        final Counter failures;
        final Timer duration;

        Meters(MeterRegistry registry, String verb) {
            String prefix = "tributary." + verb;
            batches = Counter.builder(prefix + ".batches").description("Batches through " + verb).register(registry);
            records = Counter.builder(prefix + ".records").description("Records through " + verb).register(registry);
            rejected = Counter.builder(prefix + ".rejected").description("Records " + verb + " quarantined")
                    .register(registry);
            failures = Counter.builder(prefix + ".failures").description("Batches " + verb + " failed on (retried)")
                    .register(registry);
            duration = Timer.builder(prefix + ".duration").description("Time " + verb + " took per batch")
                    .register(registry);
        }

        /** Runs the step on this thread, timing it; a failure is counted and rethrown (the delivery is retried). */
        <T> Timed<T> time(Supplier<T> step) {
            long start = System.nanoTime();
            try {
                T value = step.get();
                long nanos = System.nanoTime() - start;
                duration.record(nanos, TimeUnit.NANOSECONDS);
                return new Timed<>(value, nanos);
            } catch (RuntimeException e) {
                duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                failures.increment();
                throw e;
            }
        }

        void done(ObjectKey key, int records, int rejected, long nanos, String outcome) {
            batches.increment();
            this.records.increment(records);
            this.rejected.increment(rejected);
            LOG.atDebug().addKeyValue("source", key.source()).addKeyValue("batchId", key.batch())
                    .addKeyValue("records", records).addKeyValue("rejected", rejected)
                    .addKeyValue("durationMs", TimeUnit.NANOSECONDS.toMillis(nanos)).log(outcome);
        }
    }
}
