package dev.tributary.bootstrap.runtime;

import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.adapters.formats.catalog.DefinitionDiff;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The start-up step that readies PostgreSQL before any role reads or writes aggregates: migrates the ledger and
 * creates or extends one table per aggregation of the catalog (idempotent, safe with several instances starting at
 * once). {@code run} and {@code serve --role aggregator|client} call it first; commands that never touch the
 * database (the ingest role, {@code query} against a running API, {@code sources validate}) never do.
 */
public final class AggregateTables {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateTables.class);

    private final AggregateStore store;
    private final SourceCatalog sources;
    private boolean prepared;

    public AggregateTables(AggregateStore store, SourceCatalog sources) {
        this.store = store;
        this.sources = sources;
    }

    public synchronized void prepare() {
        if (prepared) {
            return;
        }
        store.prepare(sources.all());
        Map<SourceName, DefinitionVersion> versions = new HashMap<>();
        sources.all().forEach(s -> sources.version(s.name()).ifPresent(v -> versions.put(s.name(), v)));
        sayWhatChanged(store.recordedVersions(), versions);
        store.recordVersions(sources.all(), versions);
        prepared = true;
        LOG.atInfo().addKeyValue("sources", sources.all().size()).log("aggregate tables prepared");
    }

    /**
     * A definition that changed since the pipeline last ran: new batches follow it, history does not until a replay.
     * The log says so once per source, names the change, and warns of a type change the schema version does not
     * tell apart. Field and table names only, never data.
     */
    private static void sayWhatChanged(Map<SourceName, DefinitionVersion> recorded,
                                       Map<SourceName, DefinitionVersion> now) {
        now.forEach((source, version) -> {
            DefinitionVersion before = recorded.get(source);
            if (before == null || before.id().equals(version.id())) {
                return;
            }
            DefinitionDiff diff = DefinitionDiff.between(before.canonical(), version.canonical());
            LOG.atInfo().addKeyValue("source", source.value()).addKeyValue("from", before.id())
                    .addKeyValue("to", version.id()).addKeyValue("changes", diff.changes())
                    .addKeyValue("replayTouches", diff.scope())
                    .log("source definition changed since the last start: new batches follow it; "
                            + "'tributary replay --source " + source.value() + "' recomputes the history");
            diff.changes().stream().filter(c -> c.contains("changes type but schema_version stays"))
                    .forEach(c -> LOG.atWarn().addKeyValue("source", source.value()).log(c));
        });
    }
}
