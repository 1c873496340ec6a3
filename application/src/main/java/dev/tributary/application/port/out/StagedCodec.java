package dev.tributary.application.port.out;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.source.SourceDefinition;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes and reads the staged zone's Parquet: an explicit schema built from {@code StagedSchema.of(source)},
 * the schema version and lineage as Parquet key-value metadata.
 */
public interface StagedCodec {

    byte[] write(SourceDefinition source, BatchId batch, List<CleanRecord> records, Map<String, String> metadata);

    /** Reads columns by name, so an object written under an earlier schema version still reads. */
    StagedContent read(SourceDefinition source, byte[] parquet);

    /**
     * Reads only the named fields and the event time (columns a reader skips cost nothing to decode); every other
     * field of the records reads as absent. For readers that need a few of a source's fields, like the aggregators.
     */
    StagedContent read(SourceDefinition source, byte[] parquet, Set<String> fields);

    /**
     * How a staged object was written, from its footer alone: its schema version and the fields of {@code source}
     * it stores under another type than the source now declares (a field it lacks, or holds and the source no longer
     * declares, is no change of type).
     */
    WrittenSchema writtenSchema(SourceDefinition source, byte[] parquet);

    /** A staged object's schema version and the fields whose stored type differs from the current definition. */
    record WrittenSchema(int version, List<String> retyped) {
        public WrittenSchema {
            retyped = List.copyOf(retyped);
        }
    }

    record StagedContent(List<CleanRecord> records, Map<String, String> metadata) {
        public StagedContent {
            records = List.copyOf(records);
            metadata = Map.copyOf(metadata);
        }
    }
}
