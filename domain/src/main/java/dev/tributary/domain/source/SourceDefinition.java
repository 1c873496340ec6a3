package dev.tributary.domain.source;

import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything Tributary knows about a source, read from one block of YAML (invariant 5): input format, typed
 * fields with their cleaning rules, the event-time field, the dedupe key, the staged schema version and the
 * aggregations, and what happens to input fields it does not declare. Refuses definitions that reference fields it
 * does not have.
 */
public record SourceDefinition(SourceName name, String title, String description, InputFormat format,
                               List<FieldSpec> fields, String eventTimeField, List<String> dedupeKey,
                               int schemaVersion, List<AggregationSpec> aggregations, UnknownFieldPolicy unknownFields) {

    /** A source that counts and ignores fields it does not declare (the default policy). */
    public SourceDefinition(SourceName name, String title, String description, InputFormat format,
                            List<FieldSpec> fields, String eventTimeField, List<String> dedupeKey, int schemaVersion,
                            List<AggregationSpec> aggregations) {
        this(name, title, description, format, fields, eventTimeField, dedupeKey, schemaVersion, aggregations,
                UnknownFieldPolicy.IGNORE);
    }

    public SourceDefinition {
        Objects.requireNonNull(unknownFields, "unknownFields");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(eventTimeField, "eventTimeField");
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        dedupeKey = List.copyOf(Objects.requireNonNull(dedupeKey, "dedupeKey"));
        aggregations = List.copyOf(Objects.requireNonNull(aggregations, "aggregations"));
        String where = "source '" + name + "': ";
        if (fields.isEmpty()) {
            throw new IllegalArgumentException(where + "needs at least one field");
        }
        if (schemaVersion < 1) {
            throw new IllegalArgumentException(where + "schema version must be >= 1: " + schemaVersion);
        }
        Map<String, FieldSpec> byName = new LinkedHashMap<>();
        for (FieldSpec f : fields) {
            if (byName.put(f.name(), f) != null) {
                throw new IllegalArgumentException(where + "field '" + f.name() + "' is declared twice");
            }
        }
        FieldSpec eventTime = byName.get(eventTimeField);
        if (eventTime == null || eventTime.type() != FieldType.TIMESTAMP || !eventTime.required()) {
            throw new IllegalArgumentException(where + "event time field '" + eventTimeField
                    + "' must be a required timestamp field");
        }
        for (String k : dedupeKey) {
            if (!byName.containsKey(k)) {
                throw new IllegalArgumentException(where + "dedupe key names unknown field '" + k + "'");
            }
        }
        Set<String> tables = new HashSet<>();
        for (AggregationSpec a : aggregations) {
            if (!tables.add(a.table())) {
                throw new IllegalArgumentException(where + "aggregation table '" + a.table() + "' is declared twice");
            }
            for (Dimension d : a.dimensions()) {
                if (!byName.containsKey(d.field())) {
                    throw new IllegalArgumentException(where + "aggregation '" + a.table()
                            + "' groups by unknown field '" + d.field() + "'");
                }
            }
            for (Measure m : a.measures()) {
                if (m.field() == null) {
                    continue;
                }
                FieldSpec f = byName.get(m.field());
                if (f == null) {
                    throw new IllegalArgumentException(where + "aggregation '" + a.table() + "' measure '"
                            + m.column() + "' reads unknown field '" + m.field() + "'");
                }
                if (m.function().needsNumber() && !f.type().isNumeric()) {
                    throw new IllegalArgumentException(where + "aggregation '" + a.table() + "' measure '"
                            + m.column() + "' cannot " + m.function() + " a " + f.type() + " field");
                }
            }
        }
    }

    /** The same definition staged under another schema version (one the lake's history calls for). */
    public SourceDefinition withSchemaVersion(int version) {
        return version == schemaVersion ? this : new SourceDefinition(name, title, description, format, fields,
                eventTimeField, dedupeKey, version, aggregations, unknownFields);
    }

    public Optional<FieldSpec> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    public Optional<AggregationSpec> aggregation(String table) {
        return aggregations.stream().filter(a -> a.table().equals(table)).findFirst();
    }
}
