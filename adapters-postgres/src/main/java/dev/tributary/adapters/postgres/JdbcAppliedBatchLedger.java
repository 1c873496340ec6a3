package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.lake.UnknownField;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.source.SourceName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads of the applied-batch ledger in PostgreSQL ({@code applied_batches}, written only by {@link JdbcAggregateStore}
 * in the transaction of the upserts) through Micronaut Data's {@link AppliedBatchRepository}: lineage, freshness and
 * the exactly-once check. Database failures surface as {@link PortUnavailableException}.
 */
public final class JdbcAppliedBatchLedger implements AppliedBatchLedger {
    private static final String PORT = "applied-batch ledger";

    private final AppliedBatchRepository ledger;

    public JdbcAppliedBatchLedger(AppliedBatchRepository ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public long count(Optional<SourceName> source) {
        return DatabaseCalls.call(PORT,
                () -> source.map(s -> ledger.countBySource(s.value())).orElseGet(ledger::count));
    }

    @Override
    public List<AppliedBatch> withEventsBetween(SourceName source, Instant from, Instant to, Instant receivedUntil, int limit) {
        return DatabaseCalls.call(PORT, () -> ledger.withEventsBetween(source.value(), from, to, receivedUntil, limit)
                .stream().map(LedgerRows::entry).toList());
    }

    @Override
    public List<Activity> activity(Instant from, Instant to, Duration step) {
        return DatabaseCalls.call(PORT, () -> ledger.activity(from, to, step.toMillis()).stream()
                .map(a -> new Activity(from.plus(step.multipliedBy(a.bucket())), a.batches(), a.records(),
                        a.rejected(), seconds(a.freshnessP50()), seconds(a.freshnessP99())))
                .toList());
    }

    @Override
    public List<UnknownField> unknownFields(Optional<SourceName> source) {
        return DatabaseCalls.call(PORT, () -> ledger.unknownFields(source.map(SourceName::value).orElse(null)).stream()
                .map(r -> new UnknownField(new SourceName(r.source()), r.field(), r.records(), r.firstSeen(),
                        r.lastSeen()))
                .toList());
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
