package dev.tributary.adapters.local.store;

import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateKey;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureState;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.UnknownField;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Aggregates and ledger in memory, for fast tests and demos: same semantics as the PostgreSQL store (exact merges,
 * exactly once per batch id), nothing survives the JVM. Every method holds the store's lock, so an apply is atomic.
 */
public final class InMemoryAggregateStore implements AggregateStore, AppliedBatchLedger {
    private static final Comparator<AppliedBatch> NEWEST_FIRST = Comparator.comparing(AppliedBatch::aggregatedAt)
            .thenComparing(e -> e.lineage().batch()).reversed();
    private static final Comparator<AggregateKey> NEWEST_BUCKET_FIRST = Comparator
            .comparing(AggregateKey::bucketStart).reversed()
            .thenComparing(k -> String.join("\u0000", k.dimensionValues()));

    /** Table name → row key → measure column → merged state (a map by column, so a measure can be added later). */
    private final Map<String, Map<AggregateKey, Map<String, MeasureState>>> tables = new HashMap<>();
    private final Map<BatchId, AppliedBatch> ledger = new LinkedHashMap<>();
    private final Map<SourceName, DefinitionVersion> versions = new TreeMap<>();

    @Override
    public synchronized void prepare(List<SourceDefinition> sources) {
        for (SourceDefinition source : sources) {
            for (AggregationSpec spec : source.aggregations()) {
                tables.computeIfAbsent(spec.table(), t -> new HashMap<>());
            }
        }
    }

    @Override
    public synchronized void recordVersions(List<SourceDefinition> sources, Map<SourceName, DefinitionVersion> versions) {
        sources.forEach(s -> Optional.ofNullable(versions.get(s.name())).ifPresent(v -> this.versions.put(s.name(), v)));
    }

    @Override
    public synchronized Map<SourceName, DefinitionVersion> recordedVersions() {
        return Map.copyOf(versions);
    }

    @Override
    public synchronized List<LedgerOutcome> applyAll(List<BatchDeltas> batches) {
        batches.forEach(b -> b.deltas().forEach(delta -> rowsOf(delta.spec())));  // all checked before any change
        List<LedgerOutcome> outcomes = new ArrayList<>();
        for (BatchDeltas batch : batches) {
            AppliedBatch first = ledger.get(batch.entry().lineage().batch());
            if (first != null) {
                outcomes.add(new LedgerOutcome.AlreadyApplied(first.aggregatedAt()));
                continue;
            }
            // Invariant 2: ledger entry and merges happen under one lock, so a batch counts once.
            ledger.put(batch.entry().lineage().batch(), batch.entry());
            batch.deltas().forEach(this::merge);
            outcomes.add(new LedgerOutcome.Applied());
        }
        return outcomes;
    }

    private void merge(AggregateDelta delta) {
        Map<AggregateKey, Map<String, MeasureState>> rows = rowsOf(delta.spec());
        delta.rows().forEach((key, states) -> {
            Map<String, MeasureState> row = rows.computeIfAbsent(key, k -> new HashMap<>());
            for (int i = 0; i < states.size(); i++) {
                row.merge(delta.spec().measures().get(i).column(), states.get(i), MeasureState::merge);
            }
        });
    }

    /** Rolls up by merging the rows' states, as the PostgreSQL store does in SQL: distinct values are unioned, not added. */
    @Override
    public synchronized AggregateTable query(AggregationSpec spec, AggregateQuery query) {
        Bucket bucket = query.bucketOf(spec);
        List<Integer> filtered = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        columns.add(bucket.column());
        for (int i = 0; i < spec.dimensions().size(); i++) {
            Dimension d = spec.dimensions().get(i);
            columns.add(d.column());
            if (query.dimensions().containsKey(d.column())) {
                filtered.add(i);
            }
        }
        if (filtered.size() != query.dimensions().size()) {
            throw new IllegalArgumentException("aggregation '" + spec.table() + "' has no dimension among "
                    + query.dimensions().keySet());
        }
        spec.measures().forEach(m -> columns.add(m.column()));
        Map<AggregateKey, Map<String, MeasureState>> rolled = new HashMap<>();
        rowsOf(spec).forEach((key, row) -> {
            AggregateKey coarse = new AggregateKey(bucket.start(key.bucketStart()), key.dimensionValues());
            boolean inRange = !coarse.bucketStart().isBefore(query.from()) && coarse.bucketStart().isBefore(query.to());
            if (inRange && filtered.stream().allMatch(i -> key.dimensionValues().get(i)
                    .equals(query.dimensions().get(spec.dimensions().get(i).column())))) {
                Map<String, MeasureState> target = rolled.computeIfAbsent(coarse, k -> new HashMap<>());
                row.forEach((column, state) -> target.merge(column, state, MeasureState::merge));
            }
        });
        List<List<Object>> rows = rolled.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(NEWEST_BUCKET_FIRST))
                .limit(query.limit())
                .map(e -> render(spec, e.getKey(), e.getValue()))
                .toList();
        return new AggregateTable(columns, rows);
    }

    private static List<Object> render(AggregationSpec spec, AggregateKey key, Map<String, MeasureState> row) {
        List<Object> values = new ArrayList<>();
        values.add(key.bucketStart());
        values.addAll(key.dimensionValues());
        for (Measure m : spec.measures()) {
            MeasureState s = row.get(m.column());
            values.add(s == null ? null : switch (m.function()) {
                case COUNT -> s.count();
                case DISTINCT_COUNT -> (long) s.distinct().size();
                case SUM -> plain(s.sum());
                case MIN -> plain(s.min());
                case MAX -> plain(s.max());
                case AVG -> s.count() == 0 ? null
                        : plain(s.sum().divide(BigDecimal.valueOf(s.count()), MathContext.DECIMAL128));
            });
        }
        return values;
    }

    private static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private Map<AggregateKey, Map<String, MeasureState>> rowsOf(AggregationSpec spec) {
        Map<AggregateKey, Map<String, MeasureState>> rows = tables.get(spec.table());
        if (rows == null) {
            throw new IllegalStateException("aggregation table '" + spec.table() + "' was not prepared");
        }
        return rows;
    }

    @Override
    public synchronized long count(Optional<SourceName> source) {
        return ledger.values().stream().filter(e -> source.map(e.lineage().source()::equals).orElse(true)).count();
    }

    @Override
    public synchronized List<AppliedBatch> withEventsBetween(SourceName source, Instant from, Instant to, Instant receivedUntil,
                                                      int limit) {
        return ledger.values().stream()
                .filter(e -> e.lineage().source().equals(source))
                .filter(e -> e.events() != null ? e.events().overlaps(from, to)
                        : e.lineage().cleanRecords() != 0 && !e.lineage().receivedAt().isBefore(from)
                        && e.lineage().receivedAt().isBefore(receivedUntil))
                .sorted(Comparator.comparing((AppliedBatch e) -> e.lineage().receivedAt()).thenComparing(e -> e.lineage().batch()))
                .limit(limit).toList();
    }

    /** Summed over the ledger's entries, whose lineage carries each batch's undeclared fields. */
    @Override
    public synchronized List<UnknownField> unknownFields(Optional<SourceName> source) {
        Map<List<String>, UnknownField> byField = new HashMap<>();
        for (AppliedBatch e : ledger.values()) {
            Lineage l = e.lineage();
            if (source.isPresent() && !source.get().equals(l.source())) {
                continue;
            }
            l.unknownFields().records().forEach((field, records) -> byField.merge(List.of(l.source().value(), field),
                    new UnknownField(l.source(), field, records, l.receivedAt(), l.receivedAt()), UnknownField::plus));
        }
        return byField.values().stream().sorted(Comparator.comparing(UnknownField::lastSeen).reversed()
                .thenComparing(u -> u.source().value()).thenComparing(UnknownField::field)).toList();
    }

    @Override
    public synchronized List<Activity> activity(Instant from, Instant to, Duration step) {
        Map<Long, List<AppliedBatch>> buckets = new TreeMap<>();
        for (AppliedBatch e : ledger.values()) {
            if (!e.aggregatedAt().isBefore(from) && e.aggregatedAt().isBefore(to)) {
                long bucket = Math.floorDiv(Duration.between(from, e.aggregatedAt()).toMillis(), step.toMillis());
                buckets.computeIfAbsent(bucket, b -> new ArrayList<>()).add(e);
            }
        }
        List<Activity> activity = new ArrayList<>();
        buckets.forEach((bucket, entries) -> {
            List<Long> freshness = entries.stream()
                    .map(e -> Duration.between(e.lineage().receivedAt(), e.aggregatedAt()).toMillis()).sorted().toList();
            activity.add(new Activity(from.plus(step.multipliedBy(bucket)), entries.size(),
                    entries.stream().mapToLong(e -> Math.max(0, e.lineage().rawRecords())).sum(),
                    entries.stream().mapToLong(e -> Math.max(0, e.lineage().rejectedRecords())).sum(),
                    percentile(freshness, 0.5), percentile(freshness, 0.99)));
        });
        return activity;
    }

    /** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont. */
    private static Duration percentile(List<Long> sortedMillis, double p) {
        double rank = p * (sortedMillis.size() - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        double value = sortedMillis.get(low) + (sortedMillis.get(high) - sortedMillis.get(low)) * (rank - low);
        return Duration.ofMillis(Math.round(value));
    }
}
