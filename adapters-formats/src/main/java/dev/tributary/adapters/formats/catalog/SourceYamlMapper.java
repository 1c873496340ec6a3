package dev.tributary.adapters.formats.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import dev.tributary.domain.source.UnknownFieldPolicy;
import dev.tributary.domain.rules.StagedSchema;
import dev.tributary.domain.source.TimestampFormat;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Maps one source file's located tree into a {@link SourceDefinition} by hand, collecting every problem with its
 * line rather than stopping at the first. Checks the domain would refuse (unknown field references, rule types)
 * are repeated here so each gets the line it is about; the domain constructors still run, and what they refuse is
 * attached to the element being built.
 */
final class SourceYamlMapper {
    private static final List<String> SOURCE_KEYS = List.of("name", "title", "description", "format",
            "schema_version", "event_time", "dedupe_key", "unknown_fields", "fields", "aggregations");
    private static final List<String> FIELD_KEYS = List.of("name", "input", "type", "required", "rules", "format",
            "zone", "scale");
    private static final List<String> AGGREGATION_KEYS = List.of("table", "title", "bucket", "dimensions", "measures");
    private static final List<String> MEASURE_KEYS = List.of("column", "function", "field", "description");

    private final LocatedTree tree;
    private final LocatedValues yaml;
    private final Map<String, FieldType> fieldTypes = new LinkedHashMap<>();
    private final Map<String, Boolean> fieldRequired = new LinkedHashMap<>();
    private final Map<String, JsonPointer> tables = new LinkedHashMap<>();
    private final RuleMapper rules;

    SourceYamlMapper(String origin, LocatedTree tree) {
        this.tree = tree;
        this.yaml = new LocatedValues(origin, tree);
        this.rules = new RuleMapper(yaml);
    }

    /** The definition, when the file has no problems at all. */
    Optional<SourceDefinition> map() {
        JsonPointer root = JsonPointer.empty();
        JsonNode node = tree.root();
        if (node == null || node.isMissingNode() || node.isNull()) {
            yaml.problem(root, "the file is empty; expected a source with name, format, event_time and fields");
            return Optional.empty();
        }
        if (!node.isObject()) {
            yaml.problem(root, "expected a mapping with name, format, event_time and fields");
            return Optional.empty();
        }
        yaml.keys(node, root, "the source", SOURCE_KEYS, List.of("name", "format", "event_time", "fields"));
        Optional<SourceName> name = yaml.text(node, root, "name").flatMap(n -> yaml.parse(root.appendProperty("name"),
                () -> new SourceName(n)));
        String title = yaml.text(node, root, "title").orElse(name.map(SourceName::value).orElse(""));
        String description = yaml.text(node, root, "description").orElse("");
        Optional<InputFormat> format = yaml.text(node, root, "format").flatMap(f -> InputFormat.fromName(f)
                .or(() -> yaml.none(root.appendProperty("format"), "unknown format '" + f + "'; expected json, ndjson or csv")));
        int version = yaml.integer(node, root, "schema_version").orElse(1);
        if (version < 1) {
            yaml.problem(root.appendProperty("schema_version"), "schema_version must be 1 or more");
        }
        UnknownFieldPolicy unknownFields = yaml.text(node, root, "unknown_fields").flatMap(p -> Arrays.stream(
                        UnknownFieldPolicy.values()).filter(v -> v.yaml().equals(p)).findFirst()
                .or(() -> yaml.none(root.appendProperty("unknown_fields"), "unknown_fields '" + p
                        + "' is not a policy; expected ignore (count them, the default), quarantine (set the record "
                        + "aside) or keep (carry them along as " + StagedSchema.UNKNOWN_FIELDS_COLUMN + ")")))
                .orElse(UnknownFieldPolicy.IGNORE);
        List<FieldSpec> fields = fields(node, root);
        Optional<String> eventTime = yaml.text(node, root, "event_time");
        eventTime.ifPresent(f -> checkEventTime(root.appendProperty("event_time"), f));
        List<String> dedupeKey = yaml.textList(node, root, "dedupe_key");
        for (int i = 0; i < dedupeKey.size(); i++) {
            knownField(root.appendProperty("dedupe_key").appendIndex(i), dedupeKey.get(i), "dedupe_key");
        }
        List<AggregationSpec> aggregations = new ArrayList<>();
        yaml.forEach(node, root, "aggregations", (item, at) -> aggregation(item, at).ifPresent(aggregations::add));
        if (!yaml.problems().isEmpty() || name.isEmpty() || format.isEmpty() || eventTime.isEmpty()) {
            return Optional.empty();
        }
        return yaml.parse(root, () -> new SourceDefinition(name.get(), title, description, format.get(), fields,
                eventTime.get(), dedupeKey, version, aggregations, unknownFields));
    }

    List<SourceProblem> problems() {
        return yaml.problems();
    }

    /** Where each aggregation table is declared, for the catalog's check that table names are unique. */
    Map<String, JsonLocation> tableLocations() {
        return tables.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> tree.location(e.getValue()),
                (a, b) -> a, LinkedHashMap::new));
    }

    private List<FieldSpec> fields(JsonNode node, JsonPointer root) {
        List<FieldSpec> fields = new ArrayList<>();
        JsonNode list = node.get("fields");
        if (list != null && list.isArray() && list.isEmpty()) {
            yaml.problem(root.appendProperty("fields"), "fields must list at least one field");
        }
        yaml.forEach(node, root, "fields", (item, at) -> field(item, at).ifPresent(fields::add));
        return fields;
    }

    private Optional<FieldSpec> field(JsonNode node, JsonPointer at) {
        if (!yaml.isObject(node, at, "a field with name and type")) {
            return Optional.empty();
        }
        int before = yaml.problems().size();
        yaml.keys(node, at, "a field", FIELD_KEYS, List.of("name", "type"));
        Optional<String> name = yaml.text(node, at, "name");
        Optional<FieldType> type = yaml.text(node, at, "type").flatMap(t -> FieldType.fromName(t)
                .or(() -> yaml.none(at.appendProperty("type"), "unknown type '" + t + "'; expected one of "
                        + names(FieldType.values()))));
        boolean required = yaml.bool(node, at, "required").orElse(false);
        if (name.isPresent() && fieldTypes.containsKey(name.get())) {
            yaml.problem(at.appendProperty("name"), "field '" + name.get() + "' is declared twice");
        }
        name.ifPresent(n -> {
            fieldTypes.putIfAbsent(n, type.orElse(null));
            fieldRequired.putIfAbsent(n, required);
        });
        String input = yaml.text(node, at, "input").orElse(name.orElse("unnamed"));
        var fieldRules = rules.rules(node, at, type.orElse(null));
        TimestampFormat timestamp = timestampFormat(node, at, type.orElse(null));
        Optional<Integer> scale = yaml.integer(node, at, "scale");
        if (scale.isPresent() && type.isPresent() && type.get() != FieldType.DECIMAL) {
            yaml.problem(at.appendProperty("scale"), "scale applies to decimal fields only");
        }
        if (yaml.problems().size() > before || name.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        return yaml.parse(at, () -> new FieldSpec(name.get(), input, type.get(), required, fieldRules, timestamp,
                scale.orElse(FieldSpec.DEFAULT_SCALE)));
    }

    private TimestampFormat timestampFormat(JsonNode node, JsonPointer at, FieldType type) {
        Optional<String> pattern = yaml.text(node, at, "format");
        Optional<String> zone = yaml.text(node, at, "zone");
        if (type != null && type != FieldType.TIMESTAMP && (pattern.isPresent() || zone.isPresent())) {
            yaml.problem(at.appendProperty(pattern.isPresent() ? "format" : "zone"),
                    "format and zone apply to timestamp fields only");
            return TimestampFormat.ISO_UTC;
        }
        Optional<ZoneId> zoneId = zone.flatMap(z -> {
            try {
                return Optional.of(ZoneId.of(z));
            } catch (DateTimeException e) {
                return yaml.none(at.appendProperty("zone"), "unknown time zone '" + z + "'");
            }
        });
        if (zone.isPresent() && zoneId.isEmpty()) {
            return TimestampFormat.ISO_UTC;
        }
        return yaml.parse(at.appendProperty("format"), () -> new TimestampFormat(pattern.orElse(TimestampFormat.ISO),
                zoneId.orElse(TimestampFormat.ISO_UTC.zone()))).orElse(TimestampFormat.ISO_UTC);
    }

    private void checkEventTime(JsonPointer at, String field) {
        if (knownField(at, field, "event_time") && (fieldTypes.get(field) != FieldType.TIMESTAMP
                || !fieldRequired.get(field))) {
            yaml.problem(at, "event_time field '" + field + "' must be a required timestamp field");
        }
    }

    private boolean knownField(JsonPointer at, String field, String what) {
        if (fieldTypes.containsKey(field)) {
            return true;
        }
        yaml.problem(at, what + " names unknown field '" + field + "'");
        return false;
    }

    private Optional<AggregationSpec> aggregation(JsonNode node, JsonPointer at) {
        if (!yaml.isObject(node, at, "an aggregation with table, bucket and measures")) {
            return Optional.empty();
        }
        int before = yaml.problems().size();
        yaml.keys(node, at, "an aggregation", AGGREGATION_KEYS, List.of("table", "bucket", "measures"));
        Optional<String> table = yaml.text(node, at, "table");
        table.ifPresent(t -> {
            if (tables.putIfAbsent(t, at.appendProperty("table")) != null) {
                yaml.problem(at.appendProperty("table"), "aggregation table '" + t + "' is declared twice");
            }
        });
        String title = yaml.text(node, at, "title").orElse(table.map(SourceYamlMapper::sentence).orElse(""));
        Optional<Bucket> bucket = yaml.text(node, at, "bucket").flatMap(b -> Bucket.fromName(b)
                .or(() -> yaml.none(at.appendProperty("bucket"), "unknown bucket '" + b + "'; expected minute, hour or day")));
        List<Dimension> dimensions = new ArrayList<>();
        yaml.forEach(node, at, "dimensions", (item, p) -> dimension(item, p).ifPresent(dimensions::add));
        List<Measure> measures = new ArrayList<>();
        yaml.forEach(node, at, "measures", (item, p) -> measure(item, p).ifPresent(measures::add));
        if (yaml.problems().size() > before || table.isEmpty() || bucket.isEmpty()) {
            return Optional.empty();
        }
        return yaml.parse(at, () -> new AggregationSpec(table.get(), title, bucket.get(), dimensions, measures));
    }

    private Optional<Dimension> dimension(JsonNode node, JsonPointer at) {
        if (node.isValueNode()) {
            String field = tree.scalarText(at, node);
            return knownField(at, field, "dimension") ? yaml.parse(at, () -> new Dimension(field, field)) : Optional.empty();
        }
        if (!yaml.isObject(node, at, "a field name or {field, column}")) {
            return Optional.empty();
        }
        yaml.keys(node, at, "a dimension", List.of("field", "column"), List.of("field"));
        Optional<String> field = yaml.text(node, at, "field").filter(f -> knownField(at.appendProperty("field"), f,
                "dimension"));
        Optional<String> column = yaml.text(node, at, "column");
        return field.flatMap(f -> yaml.parse(at, () -> new Dimension(f, column.orElse(f))));
    }

    private Optional<Measure> measure(JsonNode node, JsonPointer at) {
        if (!yaml.isObject(node, at, "a measure with column and function")) {
            return Optional.empty();
        }
        int before = yaml.problems().size();
        yaml.keys(node, at, "a measure", MEASURE_KEYS, List.of("column", "function"));
        Optional<String> column = yaml.text(node, at, "column");
        Optional<MeasureFunction> function = yaml.text(node, at, "function").flatMap(f -> MeasureFunction.fromName(f)
                .or(() -> yaml.none(at.appendProperty("function"), "unknown function '" + f + "'; expected one of "
                        + names(MeasureFunction.values()))));
        Optional<String> field = yaml.text(node, at, "field");
        String description = yaml.text(node, at, "description").orElse("");
        field.filter(f -> knownField(at.appendProperty("field"), f, "measure")).ifPresent(f -> function.ifPresent(fn -> {
            FieldType type = fieldTypes.get(f);
            if (type != null && fn.needsNumber() && !type.isNumeric()) {
                yaml.problem(at.appendProperty("function"), fn.name().toLowerCase(Locale.ROOT) + " cannot apply to "
                        + type.name().toLowerCase(Locale.ROOT) + " field '" + f + "'");
            }
        }));
        if (yaml.problems().size() > before || column.isEmpty() || function.isEmpty()) {
            return Optional.empty();
        }
        return yaml.parse(at, () -> new Measure(column.get(), function.get(), field.orElse(null), description));
    }

    static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    /** "orders_per_hour_by_country" → "Orders per hour by country". */
    private static String sentence(String table) {
        String words = table.replace('_', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
