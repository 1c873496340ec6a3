package dev.tributary.application.usecase;

import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.rules.Cleaner;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Cleans and types a raw object into the transformed zone; rejected records go to quarantine with their reason. */
public final class TransformRawObjectService implements TransformRawObject {
    private final LakeStore lake;
    private final SourceCatalog sources;
    private final RecordCodec codec;
    private final Clock clock;

    public TransformRawObjectService(LakeStore lake, SourceCatalog sources, RecordCodec codec, Clock clock) {
        this.lake = lake;
        this.sources = sources;
        this.codec = codec;
        this.clock = clock;
    }

    /** A raw object transformed: the report, the clean records written and the lineage they were written with. */
    record Transformed(TransformReport report, List<CleanRecord> clean, Lineage lineage) {
    }

    @Override
    public TransformReport transform(ObjectKey raw) {
        return transformKeeping(raw).report();
    }

    /**
     * {@link #transform} of a batch transformed before (replay): also removes the quarantine entry the old rules left
     * when the new ones reject nothing, so that entry cannot be sent again and counted twice.
     */
    Transformed transformAgain(ObjectKey raw) {
        Transformed t = transformKeeping(raw);
        if (t.report().rejected() == 0) {
            lake.delete(raw.in(Zone.QUARANTINE));
        }
        return t;
    }

    /** {@link #transform}, keeping the clean records for a caller that goes on with them (replay). */
    Transformed transformKeeping(ObjectKey raw) {
        SourceDefinition source = sources.require(raw.source());
        LakeStore.LakeObject object = LakeObjects.require(lake, raw);
        // The key's format, not the source's: a raw object is read as posted, even if the YAML changed since.
        InputFormat format = raw.format().input()
                .orElseThrow(() -> new IllegalArgumentException("not a raw object: " + raw));
        Set<String> inputs = source.fields().stream().map(FieldSpec::input).collect(Collectors.toSet());
        List<CleaningOutcome> outcomes = new Cleaner(source).cleanAll(codec.decode(format, object.bytes(), inputs));
        List<CleanRecord> clean = new ArrayList<>();
        List<CleaningOutcome.Rejected> rejected = new ArrayList<>();
        for (CleaningOutcome outcome : outcomes) {
            if (outcome instanceof CleaningOutcome.Clean c) {
                clean.add(c.record());
            } else {
                rejected.add((CleaningOutcome.Rejected) outcome);
            }
        }
        if (!rejected.isEmpty()) {
            rejected = withWholeRecords(rejected, codec.decode(format, object.bytes()));
        }
        Lineage lineage = Lineage.fromMetadata(object.metadata())
                .transformed(clock.instant(), clean.size(), rejected.size());
        ObjectKey transformed = raw.in(Zone.TRANSFORMED);
        // Quarantine first: once the transformed object (and its notice) exists, its rejects are visible too.
        if (!rejected.isEmpty()) {
            lake.put(raw.in(Zone.QUARANTINE), new LakeStore.LakeObject(
                    codec.encodeRejected(raw.source(), raw.batch(), rejected), lineage.toMetadata()));
        }
        lake.put(transformed, new LakeStore.LakeObject(codec.encodeClean(clean), lineage.toMetadata()));
        return new Transformed(new TransformReport(transformed, clean.size(), rejected.size()), clean, lineage);
    }

    /** Invariant 4: quarantine keeps every value the producer sent, not only the inputs cleaning read. */
    private static List<CleaningOutcome.Rejected> withWholeRecords(List<CleaningOutcome.Rejected> rejected,
                                                                   List<RawRecord> whole) {
        return rejected.stream().map(r -> new CleaningOutcome.Rejected(r.at(), r.field(), r.reason(),
                whole.get(r.at().index()))).toList();
    }
}
