package dev.tributary.domain.lake;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What travels with a batch's objects (invariant 7): its id and source, its record counts, the time each stage
 * finished and the version of the source definition whose rules cleaned its records. Written as object metadata (S3 user metadata, a sidecar file locally, Parquet key-value metadata) and
 * finally into the ledger row; a stage copies what it read and adds its own fields.
 */
public record Lineage(BatchId batch, SourceName source, Instant receivedAt, int rawRecords, Instant rawWrittenAt,
                      int cleanRecords, int rejectedRecords, Instant transformedAt, Instant stagedAt,
                      int schemaVersion, String definitionVersion, UnknownFields unknownFields) {
    private static final String BATCH = "batch-id";
    private static final String SOURCE = "source";
    private static final String RECEIVED_AT = "received-at";
    private static final String RAW_RECORDS = "raw-records";
    private static final String RAW_WRITTEN_AT = "raw-written-at";
    private static final String CLEAN_RECORDS = "clean-records";
    private static final String REJECTED_RECORDS = "rejected-records";
    private static final String TRANSFORMED_AT = "transformed-at";
    private static final String STAGED_AT = "staged-at";
    private static final String SCHEMA_VERSION = "schema-version";
    private static final String DEFINITION_VERSION = "definition-version";
    private static final String UNKNOWN_FIELDS = "unknown-fields";

    public Lineage {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(receivedAt, "receivedAt");
        unknownFields = unknownFields == null ? UnknownFields.NONE : unknownFields;
    }

    /** A lineage without undeclared fields. */
    public Lineage(BatchId batch, SourceName source, Instant receivedAt, int rawRecords, Instant rawWrittenAt,
                   int cleanRecords, int rejectedRecords, Instant transformedAt, Instant stagedAt, int schemaVersion,
                   String definitionVersion) {
        this(batch, source, receivedAt, rawRecords, rawWrittenAt, cleanRecords, rejectedRecords, transformedAt,
                stagedAt, schemaVersion, definitionVersion, UnknownFields.NONE);
    }

    /** A lineage without the definition version (null: not transformed yet, or before versions were recorded). */
    public Lineage(BatchId batch, SourceName source, Instant receivedAt, int rawRecords, Instant rawWrittenAt,
                   int cleanRecords, int rejectedRecords, Instant transformedAt, Instant stagedAt, int schemaVersion) {
        this(batch, source, receivedAt, rawRecords, rawWrittenAt, cleanRecords, rejectedRecords, transformedAt,
                stagedAt, schemaVersion, null);
    }

    /** Lineage of a batch just accepted by ingest. */
    public static Lineage received(BatchId batch, SourceName source, Instant receivedAt, int rawRecords) {
        return new Lineage(batch, source, receivedAt, rawRecords, null, -1, -1, null, null, 0);
    }

    public Lineage rawWritten(Instant at) {
        return new Lineage(batch, source, receivedAt, rawRecords, at, cleanRecords, rejectedRecords, transformedAt,
                stagedAt, schemaVersion, definitionVersion, unknownFields);
    }

    public Lineage transformed(Instant at, int clean, int rejected) {
        return new Lineage(batch, source, receivedAt, rawRecords, rawWrittenAt, clean, rejected, at, stagedAt,
                schemaVersion, definitionVersion, unknownFields);
    }

    /** Transformed under the source definition {@code version}: the rules its clean records came from. */
    public Lineage transformed(Instant at, int clean, int rejected, String version) {
        return new Lineage(batch, source, receivedAt, rawRecords, rawWrittenAt, clean, rejected, at, stagedAt,
                schemaVersion, version, unknownFields);
    }

    /** With the undeclared fields the transform counted. */
    public Lineage withUnknownFields(UnknownFields unknown) {
        return new Lineage(batch, source, receivedAt, rawRecords, rawWrittenAt, cleanRecords, rejectedRecords,
                transformedAt, stagedAt, schemaVersion, definitionVersion, unknown);
    }

    public Lineage staged(Instant at, int version) {
        return new Lineage(batch, source, receivedAt, rawRecords, rawWrittenAt, cleanRecords, rejectedRecords,
                transformedAt, at, version, definitionVersion, unknownFields);
    }

    /** Flat string metadata; stages not yet reached are left out. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(BATCH, batch.toString());
        m.put(SOURCE, source.value());
        m.put(RECEIVED_AT, receivedAt.toString());
        m.put(RAW_RECORDS, Integer.toString(rawRecords));
        if (rawWrittenAt != null) {
            m.put(RAW_WRITTEN_AT, rawWrittenAt.toString());
        }
        if (transformedAt != null) {
            m.put(TRANSFORMED_AT, transformedAt.toString());
            m.put(CLEAN_RECORDS, Integer.toString(cleanRecords));
            m.put(REJECTED_RECORDS, Integer.toString(rejectedRecords));
        }
        if (stagedAt != null) {
            m.put(STAGED_AT, stagedAt.toString());
            m.put(SCHEMA_VERSION, Integer.toString(schemaVersion));
        }
        if (definitionVersion != null) {
            m.put(DEFINITION_VERSION, definitionVersion);
        }
        if (!unknownFields.isEmpty()) {
            m.put(UNKNOWN_FIELDS, unknownFields.toText());
        }
        return m;
    }

    /** Reads {@link #toMetadata()} back; refuses metadata without batch id, source or receive time. */
    public static Lineage fromMetadata(Map<String, String> m) {
        String batch = m.get(BATCH);
        String source = m.get(SOURCE);
        String received = m.get(RECEIVED_AT);
        if (batch == null || source == null || received == null) {
            throw new IllegalArgumentException("object metadata lacks lineage (batch-id, source, received-at): " + m.keySet());
        }
        return new Lineage(BatchId.parse(batch), new SourceName(source), Instant.parse(received),
                intOf(m, RAW_RECORDS), instantOf(m, RAW_WRITTEN_AT), intOf(m, CLEAN_RECORDS),
                intOf(m, REJECTED_RECORDS), instantOf(m, TRANSFORMED_AT), instantOf(m, STAGED_AT),
                Math.max(0, intOf(m, SCHEMA_VERSION)), m.get(DEFINITION_VERSION),
                UnknownFields.parse(m.get(UNKNOWN_FIELDS)));
    }

    private static int intOf(Map<String, String> m, String key) {
        String v = m.get(key);
        return v == null ? -1 : Integer.parseInt(v);
    }

    private static Instant instantOf(Map<String, String> m, String key) {
        String v = m.get(key);
        return v == null ? null : Instant.parse(v);
    }
}
