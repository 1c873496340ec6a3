package dev.tributary.application.usecase;

import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AggregateStore.BatchDeltas;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.port.out.StagedCodec;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.Aggregator;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.EventRange;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.source.SourceDefinition;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Folds staged objects into their sources' aggregations and records their batches in the ledger, in one transaction
 * per call.
 */
public final class AggregateStagedObjectService implements AggregateStagedObject {
    private final LakeStore lake;
    private final SourceCatalog sources;
    private final StagedCodec staged;
    private final AggregateStore store;
    private final Clock clock;
    private final ExecutorService readers;

    /** Reads a group's staged objects one after another: for a lake that answers in microseconds. */
    public AggregateStagedObjectService(LakeStore lake, SourceCatalog sources, StagedCodec staged,
                                        AggregateStore store, Clock clock) {
        this(lake, sources, staged, store, clock, 1);
    }

    /**
     * Reads up to {@code readsInFlight} staged objects of a group at once (shared by every caller): 1 where the lake
     * answers in microseconds (a file system), more where each read waits on the network (S3: tens of milliseconds
     * a read, for well under a millisecond of folding 1,000 records), so that a group of 50 waits about as long as
     * one read instead of fifty. The threads start with the first group that needs them.
     */
    public AggregateStagedObjectService(LakeStore lake, SourceCatalog sources, StagedCodec staged,
                                        AggregateStore store, Clock clock, int readsInFlight) {
        this.lake = lake;
        this.sources = sources;
        this.staged = staged;
        this.store = store;
        this.clock = clock;
        this.readers = readsInFlight < 2 ? null : Executors.newFixedThreadPool(readsInFlight, work -> {
            Thread t = new Thread(work, "tributary-staged-reader");
            t.setDaemon(true);
            return t;
        });
    }

    /** A staged object read and folded, waiting for its transaction. */
    private record Folded(ObjectKey key, int records, Lineage lineage, String rawObject,
                          Optional<EventRange> events, String version, List<AggregateDelta> deltas) {
        BatchDeltas at(Instant aggregatedAt) {
            return new BatchDeltas(new AppliedBatch(lineage, rawObject, key.path(), aggregatedAt,
                    events.orElse(null), version), deltas);
        }

        AggregateReport report(LedgerOutcome outcome) {
            return new AggregateReport(key, outcome, records, deltas.stream().mapToInt(d -> d.rows().size()).sum());
        }
    }

    @Override
    public AggregateReport aggregate(ObjectKey stagedKey) {
        Folded folded = fold(stagedKey);
        // Invariant 2: the ledger row and the upserts share one transaction, so a redelivered batch is a no-op.
        return folded.report(store.applyAll(List.of(folded.at(clock.instant()))).get(0));
    }

    @Override
    public GroupReport aggregateAll(List<ObjectKey> stagedKeys) {
        List<Folded> folded = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        List<Future<Folded>> reads = readers == null || stagedKeys.size() < 2 ? null
                : stagedKeys.stream().map(key -> readers.submit(() -> fold(key))).toList();
        for (int i = 0; i < stagedKeys.size(); i++) {
            try {
                folded.add(reads == null ? fold(stagedKeys.get(i)) : Tasks.joined(reads.get(i)));
            } catch (RuntimeException e) {       // one unreadable object must not hold back the rest of the group
                failed.add(new Failure(stagedKeys.get(i), e));
            }
        }
        Instant now = clock.instant();
        List<AggregateReport> reports = new ArrayList<>();
        if (folded.isEmpty()) {
            return new GroupReport(reports, failed);
        }
        try {
            // Invariant 2: all ledger rows and upserts share one transaction, so a redelivered batch is a no-op.
            List<LedgerOutcome> outcomes = store.applyAll(folded.stream().map(f -> f.at(now)).toList());
            for (int i = 0; i < folded.size(); i++) {
                reports.add(folded.get(i).report(outcomes.get(i)));
            }
        } catch (PortUnavailableException e) {
            throw e;                              // the database is down: every notice waits, none is to blame
        } catch (RuntimeException e) {
            if (folded.size() == 1) {
                failed.add(new Failure(folded.get(0).key(), e));
                return new GroupReport(reports, failed);
            }
            // the database refused one batch's data and with it the group: each alone, so only that one fails
            for (Folded f : folded) {
                try {
                    reports.add(f.report(store.applyAll(List.of(f.at(now))).get(0)));
                } catch (PortUnavailableException down) {
                    throw down;
                } catch (RuntimeException refused) {
                    failed.add(new Failure(f.key(), refused));
                }
            }
        }
        return new GroupReport(reports, failed);
    }

    /** The batch's ledger row and deltas as {@link #aggregate} would apply them, for a rebuild. */
    BatchDeltas deltasOf(ObjectKey stagedKey, Instant aggregatedAt) {
        return fold(stagedKey).at(aggregatedAt);
    }

    /** The same for records just staged (replay): folded as read back from the staged object, without reading it. */
    BatchDeltas deltasOf(SourceDefinition source, ObjectKey stagedKey, Lineage lineage, List<CleanRecord> records,
                         Instant aggregatedAt) {
        return folded(source, stagedKey, lineage, records).at(aggregatedAt);
    }

    private static Set<String> fieldsRead(SourceDefinition source) {
        Set<String> fields = new HashSet<>();
        source.aggregations().forEach(spec -> fields.addAll(spec.fieldsRead()));
        return fields;
    }

    private Folded fold(ObjectKey stagedKey) {
        SourceDefinition source = sources.require(stagedKey.source());
        LakeStore.LakeObject object = LakeObjects.require(lake, stagedKey);
        // An aggregator reads only the columns the source's aggregations group by or measure.
        StagedCodec.StagedContent content = staged.read(source, object.bytes(), fieldsRead(source));
        return folded(source, stagedKey, Lineage.fromMetadata(object.metadata()), content.records());
    }

    private Folded folded(SourceDefinition source, ObjectKey stagedKey, Lineage lineage, List<CleanRecord> records) {
        List<AggregateDelta> deltas = source.aggregations().stream()
                .map(spec -> Aggregator.aggregate(spec, records))
                .toList();
        String rawObject = ObjectKey.raw(source.name(), stagedKey.batch(), source.format()).path();
        // Lineage finds the batch by these event times, however late it was received (see TraceAggregateRow).
        // the rules the records were cleaned with, as the transform stamped them; none before versions were stamped
        return new Folded(stagedKey, records.size(), lineage, rawObject, EventRange.of(records),
                lineage.definitionVersion(), deltas);
    }
}
