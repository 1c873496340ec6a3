package dev.tributary.application.usecase;

import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.port.out.StagedCodec;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.source.SourceDefinition;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Writes a transformed object's records as Parquet with the source's explicit, versioned schema: the version its
 * definition declares, or the next one after the lake's newest when a field's type changed without a raise
 * ({@link StagedSchemaVersions}).
 */
public final class StageTransformedObjectService implements StageTransformedObject {
    private final LakeStore lake;
    private final SourceCatalog sources;
    private final RecordCodec codec;
    private final StagedCodec staged;
    private final Clock clock;
    private final StagedSchemaVersions versions;

    public StageTransformedObjectService(LakeStore lake, SourceCatalog sources, RecordCodec codec, StagedCodec staged,
                                         Clock clock) {
        this.lake = lake;
        this.sources = sources;
        this.codec = codec;
        this.staged = staged;
        this.clock = clock;
        this.versions = new StagedSchemaVersions(lake, staged);
    }

    @Override
    public StageReport stage(ObjectKey transformed) {
        SourceDefinition source = sources.require(transformed.source());
        LakeStore.LakeObject object = LakeObjects.require(lake, transformed);
        List<CleanRecord> records = codec.decodeClean(source, object.bytes());
        Lineage staged = stageRecords(source, transformed, records, Lineage.fromMetadata(object.metadata()));
        return new StageReport(transformed.in(Zone.STAGED), records.size(), staged.schemaVersion());
    }

    /**
     * The lineage of a staged object when it holds the source's current schema version, else empty: written by
     * earlier rules that gave the same records, it need not be written again unless its schema changed.
     */
    java.util.Optional<Lineage> stagedWithCurrentSchema(SourceDefinition source, ObjectKey stagedKey) {
        int version = schemaVersion(source);
        return lake.get(stagedKey).map(o -> Lineage.fromMetadata(o.metadata()))
                .filter(l -> l.stagedAt() != null && l.schemaVersion() == version);
    }

    /** The schema version records of {@code source} are staged with now. */
    int schemaVersion(SourceDefinition source) {
        return versions.current(source).schemaVersion();
    }

    /** Writes records of a transformed object, in hand already (replay), to the staged zone; their lineage there. */
    Lineage stageRecords(SourceDefinition declared, ObjectKey transformed, List<CleanRecord> records,
                         Lineage lineage) {
        SourceDefinition source = versions.current(declared);
        Lineage stagedLineage = lineage.staged(clock.instant(), source.schemaVersion());
        Map<String, String> metadata = stagedLineage.toMetadata();
        lake.put(transformed.in(Zone.STAGED), new LakeStore.LakeObject(staged.write(source, transformed.batch(),
                records, metadata), metadata));
        return stagedLineage;
    }
}
