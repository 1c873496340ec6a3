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
import dev.tributary.domain.rules.StagedSchema;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.lake.UnknownFields;
import dev.tributary.domain.source.UnknownFieldPolicy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * A raw object transformed: the report, the clean records and the lineage they were written with; {@code written}
     * is false when nothing was written (a dry run, or a replay whose rules gave the same objects as before).
     */
    record Transformed(TransformReport report, List<CleanRecord> clean, Lineage lineage, boolean written) {
    }

    /** What a transform may write: everything, only objects that differ from the lake's, or nothing (a dry run). */
    enum Writes { ALL, CHANGED, NONE }

    @Override
    public TransformReport transform(ObjectKey raw) {
        return transformKeeping(raw).report();
    }

    /** {@link #transform}, keeping the clean records for a caller that goes on with them. */
    Transformed transformKeeping(ObjectKey raw) {
        return transform(raw, Writes.ALL);
    }

    /**
     * {@link #transform} of a batch transformed before (replay). With {@link Writes#CHANGED} the objects are written
     * only where the rules now give other bytes, and the quarantine entry the old rules left is removed when the new
     * ones reject nothing, so that entry cannot be sent again and counted twice; {@link Writes#NONE} writes nothing.
     */
    Transformed transformAgain(ObjectKey raw, Writes writes) {
        return transform(raw, writes);
    }

    private Transformed transform(ObjectKey raw, Writes writes) {
        SourceDefinition source = sources.require(raw.source());
        LakeStore.LakeObject object = LakeObjects.require(lake, raw);
        // The key's format, not the source's: a raw object is read as posted, even if the YAML changed since.
        InputFormat format = raw.format().input()
                .orElseThrow(() -> new IllegalArgumentException("not a raw object: " + raw));
        Set<String> inputs = source.fields().stream().map(FieldSpec::input).collect(Collectors.toSet());
        RecordCodec.Decoded decoded;
        List<CleaningOutcome> outcomes;
        if (source.unknownFields() == UnknownFieldPolicy.QUARANTINE) {
            // every record whole: one with a field the source does not declare is set aside, naming the fields
            List<RawRecord> whole = codec.decode(format, object.bytes());
            decoded = new RecordCodec.Decoded(whole, RecordCodec.undeclared(whole, inputs));
            outcomes = cleanOrSetAside(new Cleaner(source), whole, inputs);
        } else if (source.unknownFields() == UnknownFieldPolicy.KEEP) {
            List<RawRecord> whole = codec.decode(format, object.bytes());
            decoded = new RecordCodec.Decoded(whole, RecordCodec.undeclared(whole, inputs));
            outcomes = keepingUndeclared(new Cleaner(source).cleanAll(whole), whole, inputs);
        } else {
            decoded = codec.decodeCounting(format, object.bytes(), inputs);
            outcomes = new Cleaner(source).cleanAll(decoded.records());
        }
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
        Lineage lineage = Lineage.fromMetadata(object.metadata()).transformed(clock.instant(), clean.size(),
                rejected.size(), sources.version(source.name()).map(DefinitionVersion::id).orElse(null))
                .withUnknownFields(UnknownFields.of(decoded.undeclared()));
        ObjectKey transformed = raw.in(Zone.TRANSFORMED);
        TransformReport report = new TransformReport(transformed, clean.size(), rejected.size());
        if (writes == Writes.NONE) {
            return new Transformed(report, clean, lineage, false);
        }
        byte[] cleanBytes = codec.encodeClean(clean);
        byte[] rejectedBytes = rejected.isEmpty() ? null : codec.encodeRejected(raw.source(), raw.batch(), rejected);
        ObjectKey quarantine = raw.in(Zone.QUARANTINE);
        if (writes == Writes.CHANGED && same(transformed, cleanBytes) && same(quarantine, rejectedBytes)) {
            return new Transformed(report, clean, Lineage.fromMetadata(lake.get(transformed).orElseThrow().metadata()),
                    false);
        }
        // Quarantine first: once the transformed object (and its notice) exists, its rejects are visible too.
        if (rejectedBytes != null) {
            lake.put(quarantine, new LakeStore.LakeObject(rejectedBytes, lineage.toMetadata()));
        } else if (writes == Writes.CHANGED) {
            lake.delete(quarantine);
        }
        lake.put(transformed, new LakeStore.LakeObject(cleanBytes, lineage.toMetadata()));
        return new Transformed(report, clean, lineage, true);
    }

    /** Whether the lake holds exactly these bytes under the key; null bytes: whether it holds nothing there. */
    private boolean same(ObjectKey key, byte[] bytes) {
        java.util.Optional<LakeStore.LakeObject> held = lake.get(key);
        return bytes == null ? held.isEmpty() : held.filter(o -> java.util.Arrays.equals(o.bytes(), bytes)).isPresent();
    }

    /**
     * {@code unknown_fields: quarantine}: a record with fields the source does not declare is set aside naming them;
     * the others are cleaned together (a dedupe key applies across them), outcomes in record order.
     */
    private static List<CleaningOutcome> cleanOrSetAside(Cleaner cleaner, List<RawRecord> records, Set<String> inputs) {
        List<RawRecord> declared = new ArrayList<>();
        java.util.Map<Integer, CleaningOutcome> setAside = new java.util.HashMap<>();
        for (RawRecord r : records) {
            List<String> undeclared = r.values().keySet().stream().filter(n -> !inputs.contains(n)).sorted().toList();
            if (undeclared.isEmpty()) {
                declared.add(r);
            } else {
                setAside.put(r.position().index(), new CleaningOutcome.Rejected(r.position(), undeclared.get(0),
                        "fields the source does not declare: " + String.join(", ", undeclared)
                                + " (unknown_fields: quarantine)", r));
            }
        }
        List<CleaningOutcome> outcomes = new ArrayList<>(cleaner.cleanAll(declared));
        outcomes.addAll(setAside.values());
        outcomes.sort(java.util.Comparator.comparingInt(o -> o.position().index()));
        return outcomes;
    }

    /**
     * {@code unknown_fields: keep}: each clean record carries the fields its source does not declare, input name to
     * text as the producer sent them, under {@link StagedSchema#UNKNOWN_FIELDS_COLUMN}; one without any carries none.
     */
    private static List<CleaningOutcome> keepingUndeclared(List<CleaningOutcome> outcomes, List<RawRecord> whole,
                                                           Set<String> inputs) {
        List<CleaningOutcome> kept = new ArrayList<>(outcomes.size());
        for (CleaningOutcome outcome : outcomes) {
            if (!(outcome instanceof CleaningOutcome.Clean c)) {
                kept.add(outcome);
                continue;
            }
            Map<String, String> undeclared = new LinkedHashMap<>();
            whole.get(c.position().index()).values().forEach((name, text) -> {
                if (!inputs.contains(name)) {
                    undeclared.put(name, text);
                }
            });
            if (undeclared.isEmpty()) {
                kept.add(outcome);
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>(c.record().values());
            values.put(StagedSchema.UNKNOWN_FIELDS_COLUMN, Collections.unmodifiableMap(undeclared));
            kept.add(new CleaningOutcome.Clean(CleanRecord.owning(c.position(), c.record().eventTime(), values)));
        }
        return kept;
    }

    /** Invariant 4: quarantine keeps every value the producer sent, not only the inputs cleaning read. */
    private static List<CleaningOutcome.Rejected> withWholeRecords(List<CleaningOutcome.Rejected> rejected,
                                                                   List<RawRecord> whole) {
        return rejected.stream().map(r -> new CleaningOutcome.Rejected(r.at(), r.field(), r.reason(),
                whole.get(r.at().index()))).toList();
    }
}
