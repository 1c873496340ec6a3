package dev.tributary.application.usecase;

import dev.tributary.application.port.in.QueryAggregates;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.refusal.UnknownAggregationException;
import dev.tributary.application.refusal.UnknownDimensionException;
import dev.tributary.application.refusal.UnsupportedBucketException;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

/** Reads one aggregation's rows from the aggregate store, at its own bucket or rolled up to a coarser one. */
public final class QueryAggregatesService implements QueryAggregates {
    private final SourceCatalog sources;
    private final AggregateStore store;

    public QueryAggregatesService(SourceCatalog sources, AggregateStore store) {
        this.sources = sources;
        this.store = store;
    }

    @Override
    public AggregateTable query(SourceName sourceName, String aggregation, AggregateQuery query) {
        SourceDefinition source = sources.require(sourceName);
        AggregationSpec spec = source.aggregation(aggregation).orElseThrow(
                () -> new UnknownAggregationException(sourceName.value(), aggregation));
        java.util.List<String> columns = spec.dimensions().stream().map(Dimension::column).toList();
        for (String column : query.dimensions().keySet()) {
            if (!columns.contains(column)) {
                throw new UnknownDimensionException(aggregation, column, columns);
            }
        }
        Bucket bucket = query.bucket().orElse(spec.bucket());
        if (!spec.bucket().rollUps().contains(bucket)) {
            throw new UnsupportedBucketException(aggregation, spec.bucket(), bucket);
        }
        return store.query(spec, query);
    }
}
