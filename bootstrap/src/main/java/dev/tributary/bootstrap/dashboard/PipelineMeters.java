package dev.tributary.bootstrap.dashboard;

import dev.tributary.application.port.in.ReadPipelineStatus.PipelineStatus;
import dev.tributary.application.port.in.ReadPipelineStatus.Stage;
import dev.tributary.application.port.in.ReadPipelineStatus.StageBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The pipeline's gauges for Prometheus ({@code /prometheus}), read from the same cached status as the dashboard:
 * backlog per stage, dead letters, last minute's records, rejects and freshness, aggregator instances (a part that
 * cannot be read during an outage is NaN). The status is
 * resolved at the first scrape, not when meters are bound: binding happens in every context, including CLI commands
 * such as {@code query}, which must not open the queues or the database a running pipeline holds.
 */
@Singleton
final class PipelineMeters implements MeterBinder {
    private final BeanProvider<StatusFeed> feed;

    PipelineMeters(BeanProvider<StatusFeed> feed) {
        this.feed = feed;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Stage stage : Stage.values()) {
            String tag = stage.name().toLowerCase(Locale.ROOT);
            stageGauge(registry, "tributary.queue.waiting", "Messages waiting in the queue in front of a stage", tag,
                    stage, b -> b.queue().waiting());
            stageGauge(registry, "tributary.queue.in.flight", "Messages received but not yet acknowledged", tag,
                    stage, b -> b.queue().inFlight());
            stageGauge(registry, "tributary.queue.oldest.age.seconds", "Age of the oldest waiting message", tag,
                    stage, b -> b.queue().oldestAge().toMillis() / 1000.0);
            stageGauge(registry, "tributary.queue.dead.letters", "Messages given up to the dead-letter queue", tag,
                    stage, b -> b.queue().deadLetters());
        }
        gauge(registry, "tributary.aggregate.records.last.minute", "Records of batches aggregated in the last minute",
                s -> s.lastMinute().orElseThrow().records());
        gauge(registry, "tributary.quarantine.records.last.minute", "Records quarantined in the last minute",
                s -> s.lastMinute().orElseThrow().rejected());
        gauge(registry, "tributary.freshness.p50.seconds", "Median seconds from receipt to aggregation, last minute",
                s -> s.lastMinute().orElseThrow().freshnessP50().toMillis() / 1000.0);
        gauge(registry, "tributary.freshness.p99.seconds", "99th percentile seconds from receipt to aggregation",
                s -> s.lastMinute().orElseThrow().freshnessP99().toMillis() / 1000.0);
        gauge(registry, "tributary.batches.applied", "Batches in the applied-batch ledger", s -> s.batchesApplied().orElseThrow());
        gauge(registry, "tributary.aggregators.instances", "Aggregator workers running now", s -> s.aggregators().now());
    }

    private void stageGauge(MeterRegistry registry, String name, String description, String tag, Stage stage,
                            ToDoubleFunction<StageBacklog> value) {
        gauge(registry, name, description, s -> s.backlog().stream().filter(b -> b.stage() == stage)
                .mapToDouble(value).findFirst().orElse(Double.NaN), tag);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<PipelineStatus> value,
                       String... stage) {
        Gauge.Builder<BeanProvider<StatusFeed>> builder = Gauge.builder(name, feed, f -> read(f, value))
                .description(description);
        if (stage.length == 1) {
            builder.tag("stage", stage[0]);
        }
        builder.register(registry);
    }

    /** A scrape while the status cannot be read reports NaN rather than failing the whole scrape. */
    private static double read(BeanProvider<StatusFeed> feed, ToDoubleFunction<PipelineStatus> value) {
        try {
            return value.applyAsDouble(feed.get().current());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
