package dev.tributary.bootstrap.config;

import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import io.micronaut.context.BeanProvider;

import java.util.List;
import java.util.Map;

/**
 * The aggregate store, created on its first use: {@code PipelineSteps} holds all four stages, but the raw writer,
 * transformation and staging functions never aggregate, so they must not open the database pool (or, without a
 * database URL, start an embedded PostgreSQL inside a Lambda).
 */
record LazyAggregateStore(BeanProvider<AggregateStore> store) implements AggregateStore {
    @Override
    public void prepare(List<SourceDefinition> sources) {
        store.get().prepare(sources);
    }

    @Override
    public void recordVersions(List<SourceDefinition> sources, Map<SourceName, DefinitionVersion> versions) {
        store.get().recordVersions(sources, versions);
    }

    @Override
    public Map<SourceName, DefinitionVersion> recordedVersions() {
        return store.get().recordedVersions();
    }

    @Override
    public List<LedgerOutcome> applyAll(List<BatchDeltas> batches) {
        return store.get().applyAll(batches);
    }

    @Override
    public AggregateTable query(AggregationSpec spec, AggregateQuery query) {
        return store.get().query(spec, query);
    }
}
