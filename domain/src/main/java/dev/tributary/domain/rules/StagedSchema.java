package dev.tributary.domain.rules;

import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.SourceName;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The explicit, versioned schema of a source's staged zone: two lineage columns ({@value #BATCH_ID_COLUMN},
 * {@value #POSITION_COLUMN}) followed by the source's fields in declaration order, and, for a source with
 * {@code unknown_fields: keep}, the column {@value #UNKNOWN_FIELDS_COLUMN}: the fields it does not declare, as a JSON
 * object of input name to text. The structuring step lays clean records out as rows of it (batch id, position, then
 * each field's typed value); readers turn rows back into clean records.
 */
public record StagedSchema(SourceName source, int version, List<FieldSpec> fields, String eventTimeField,
                           boolean keepsUnknownFields) {
    public static final String BATCH_ID_COLUMN = "_batch_id";
    public static final String POSITION_COLUMN = "_position";
    /**
     * Where a clean record of a {@code keep} source holds its undeclared fields (a {@code Map<String, String>} in its
     * values) and the staged column holding them as JSON; a field name starts with a letter, so none collides.
     */
    public static final String UNKNOWN_FIELDS_COLUMN = "_unknown_fields";

    public StagedSchema {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(eventTimeField, "eventTimeField");
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
    }

    /** The typed, versioned shape of a source's staged (Parquet) objects. */
    public static StagedSchema of(dev.tributary.domain.source.SourceDefinition source) {
        return new StagedSchema(source.name(), source.schemaVersion(), source.fields(), source.eventTimeField(),
                source.unknownFields() == dev.tributary.domain.source.UnknownFieldPolicy.KEEP);
    }

    /** Rebuilds the clean record of a staged row from its position and field values (null when absent). */
    public CleanRecord record(int position, List<Object> fieldValues) {
        if (fieldValues.size() != fields.size()) {
            throw new IllegalArgumentException("staged row has " + fieldValues.size() + " values, schema v" + version
                    + " of " + source + " has " + fields.size() + " fields");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            if (fieldValues.get(i) != null) {
                values.put(fields.get(i).name(), fieldValues.get(i));
            }
        }
        Instant eventTime = (Instant) values.get(eventTimeField);
        return CleanRecord.owning(new RecordPosition(position), eventTime, values);
    }
}
