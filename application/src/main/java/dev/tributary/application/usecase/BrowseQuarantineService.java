package dev.tributary.application.usecase;

import dev.tributary.application.port.in.BrowseQuarantine;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads the newest quarantine objects of the lake and decodes their entries. */
public final class BrowseQuarantineService implements BrowseQuarantine {
    private final LakeStore lake;
    private final SourceCatalog sources;
    private final RecordCodec codec;

    public BrowseQuarantineService(LakeStore lake, SourceCatalog sources, RecordCodec codec) {
        this.lake = lake;
        this.sources = sources;
        this.codec = codec;
    }

    @Override
    public List<QuarantinedBatch> browse(Optional<SourceName> source, int limit) {
        source.ifPresent(sources::require);
        // Batch ids are time-ordered, so the highest ids are the newest quarantined batches of any source.
        return lake.list(Zone.QUARANTINE, source).stream()
                .sorted(Comparator.comparing(ObjectKey::batch).reversed())
                .limit(limit)
                .flatMap(key -> lake.get(key).stream().map(object -> new QuarantinedBatch(key,
                        Lineage.fromMetadata(object.metadata()), codec.decodeRejected(object.bytes()))))
                .toList();
    }
}
