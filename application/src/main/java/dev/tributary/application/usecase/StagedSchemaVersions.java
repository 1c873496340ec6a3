package dev.tributary.application.usecase;

import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.StagedCodec;
import dev.tributary.application.port.out.StagedCodec.WrittenSchema;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The schema version a source's records are staged with: the one its definition declares, unless the lake says
 * otherwise. The newest staged object of the source (by batch id) tells the version the lake was last written with
 * and the types it holds; when a field's type changed since, and the definition did not raise {@code schema_version}
 * past it, the records are staged as the next version, so no two types ever share one version (and the lake never
 * goes back to an older number once it moved on). Decided once per process and source: a stager does not read the
 * lake again per object, and every object it writes carries the same version. The staged zone is the only history
 * every place that stages can read (the staging function on AWS has no database).
 */
final class StagedSchemaVersions {
    private final LakeStore lake;
    private final StagedCodec staged;
    private final ConcurrentMap<SourceName, Decision> decided = new ConcurrentHashMap<>();

    StagedSchemaVersions(LakeStore lake, StagedCodec staged) {
        this.lake = lake;
        this.staged = staged;
    }

    /** {@code source} as it stages: with the schema version the lake's newest staged object calls for. */
    SourceDefinition current(SourceDefinition source) {
        Decision known = decided.get(source.name());
        if (known != null && known.applies(source)) {
            return known.staged();
        }
        Decision decision = new Decision(source, decide(source));
        decided.put(source.name(), decision);
        return decision.staged();
    }

    /** What a definition stages as; asked again with either, the answer stands (by identity first: a hot path). */
    private record Decision(SourceDefinition declared, SourceDefinition staged) {
        boolean applies(SourceDefinition source) {
            return source == declared || source == staged || source.equals(declared) || source.equals(staged);
        }
    }

    private SourceDefinition decide(SourceDefinition source) {
        List<ObjectKey> newest = lake.listNewest(Zone.STAGED, source.name(), Optional.empty(), 1);
        Optional<LakeStore.LakeObject> object = newest.isEmpty() ? Optional.empty() : lake.get(newest.get(0));
        if (object.isEmpty()) {
            return source;
        }
        WrittenSchema written = staged.writtenSchema(source, object.get().bytes());
        int needed = written.retyped().isEmpty() ? written.version() : written.version() + 1;
        return source.withSchemaVersion(Math.max(source.schemaVersion(), needed));
    }
}
