package dev.tributary.application.usecase;

import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.port.out.StagedCodec;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.Aggregator;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.source.SourceDefinition;

import java.time.Clock;
import java.util.List;

/** Folds a staged object into its source's aggregations and records the batch in the ledger, in one transaction. */
public final class AggregateStagedObjectService implements AggregateStagedObject {
    private final LakeStore lake;
    private final SourceCatalog sources;
    private final StagedCodec staged;
    private final AggregateStore store;
    private final Clock clock;

    public AggregateStagedObjectService(LakeStore lake, SourceCatalog sources, StagedCodec staged,
                                        AggregateStore store, Clock clock) {
        this.lake = lake;
        this.sources = sources;
        this.staged = staged;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public AggregateReport aggregate(ObjectKey stagedKey) {
        SourceDefinition source = sources.require(stagedKey.source());
        LakeStore.LakeObject object = LakeObjects.require(lake, stagedKey);
        StagedCodec.StagedContent content = staged.read(source, object.bytes());
        List<AggregateDelta> deltas = source.aggregations().stream()
                .map(spec -> Aggregator.aggregate(spec, content.records()))
                .toList();
        Lineage lineage = Lineage.fromMetadata(object.metadata());
        String rawObject = ObjectKey.raw(source.name(), stagedKey.batch(), source.format()).path();
        AppliedBatchLedger.Entry entry = new AppliedBatchLedger.Entry(lineage, rawObject, stagedKey.path(),
                clock.instant());
        // Invariant 2: the ledger row and the upserts share one transaction, so a redelivered batch is a no-op.
        AggregateStore.LedgerOutcome outcome = store.apply(entry, deltas);
        int rows = deltas.stream().mapToInt(d -> d.rows().size()).sum();
        return new AggregateReport(stagedKey, outcome, content.records().size(), rows);
    }

}
