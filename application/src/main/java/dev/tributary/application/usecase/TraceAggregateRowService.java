package dev.tributary.application.usecase;

import dev.tributary.application.port.in.TraceAggregateRow;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.port.out.StagedCodec;
import dev.tributary.application.refusal.UnknownAggregationException;
import dev.tributary.application.refusal.UnknownDimensionException;
import dev.tributary.domain.aggregation.AggregateKey;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Aggregator;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds candidate batches in the ledger by the event times they hold and confirms each by folding its staged object
 * with the row's aggregation: only batches that produce the row's key are named, with the number of records they gave
 * it. A batch whose events span the bucket but fall in other rows (other dimension values, a gap in its range) is
 * examined and left out.
 */
public final class TraceAggregateRowService implements TraceAggregateRow {
    private final SourceCatalog sources;
    private final AppliedBatchLedger ledger;
    private final LakeStore lake;
    private final StagedCodec staged;
    private final int maxCandidates;

    public TraceAggregateRowService(SourceCatalog sources, AppliedBatchLedger ledger, LakeStore lake,
                                    StagedCodec staged, int maxCandidates) {
        this.sources = sources;
        this.ledger = ledger;
        this.lake = lake;
        this.staged = staged;
        this.maxCandidates = maxCandidates;
    }

    @Override
    public RowLineage trace(SourceName sourceName, String aggregation, Instant bucket, Map<String, String> dimensions) {
        SourceDefinition source = sources.require(sourceName);
        AggregationSpec spec = source.aggregation(aggregation)
                .orElseThrow(() -> new UnknownAggregationException(sourceName.value(), aggregation));
        // An unknown column would match every row (see matches) and name batches that never gave this row a record.
        List<String> columns = spec.dimensions().stream().map(Dimension::column).toList();
        for (String column : dimensions.keySet()) {
            if (!columns.contains(column)) {
                throw new UnknownDimensionException(aggregation, column, columns);
            }
        }
        Instant start = spec.bucket().start(bucket);
        Instant end = spec.bucket().end(bucket);
        List<AppliedBatch> candidates = ledger.withEventsBetween(sourceName, start, end, end.plus(GRACE),
                maxCandidates + 1);
        AggregationSpec counting = new AggregationSpec(spec.table(), spec.title(), spec.bucket(), spec.dimensions(),
                List.of(new Measure("contributed_records", MeasureFunction.COUNT, null, "records in the row")));
        List<Contribution> contributions = new ArrayList<>();
        List<AppliedBatch> examined = candidates.subList(0, Math.min(candidates.size(), maxCandidates));
        for (AppliedBatch entry : examined) {
            Optional<LakeStore.LakeObject> object = lake.get(ObjectKey.parse(entry.stagedObject()));
            if (object.isEmpty()) {
                continue;
            }
            long records = Aggregator.aggregate(counting, staged.read(source, object.get().bytes(), counting.fieldsRead())
                            .records())
                    .rows().entrySet().stream()
                    .filter(row -> matches(spec, row.getKey(), start, dimensions))
                    .mapToLong(row -> row.getValue().get(0).count())
                    .sum();
            if (records > 0) {
                contributions.add(new Contribution(entry, records));
            }
        }
        return new RowLineage(contributions, examined.size(), candidates.size() <= maxCandidates);
    }

    /** A dimension not given matches any value, so a partial key traces every row it covers. */
    private static boolean matches(AggregationSpec spec, AggregateKey key, Instant bucket, Map<String, String> dimensions) {
        if (!key.bucketStart().equals(bucket)) {
            return false;
        }
        for (int i = 0; i < spec.dimensions().size(); i++) {
            String wanted = dimensions.get(spec.dimensions().get(i).column());
            if (wanted != null && !wanted.equals(key.dimensionValues().get(i))) {
                return false;
            }
        }
        return true;
    }
}
