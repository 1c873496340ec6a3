package dev.tributary.adapters.formats.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tributary.domain.source.FieldSpec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two definitions of a source (their canonical JSON, see {@link Fingerprint}), in lines a person
 * reads, and what a replay would touch: a change of format, fields or rules changes how records are cleaned, so every
 * batch is transformed and staged again and every table rebuilt; a change of aggregations only rebuilds those tables
 * ({@code --aggregation}); a title or description changes nothing a replay recomputes.
 */
public record DefinitionDiff(List<String> changes, Scope scope, List<String> tables) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a replay would recompute. */
    public enum Scope { NOTHING, TABLES, EVERYTHING }

    public DefinitionDiff {
        changes = List.copyOf(changes);
        tables = List.copyOf(tables);
    }

    /** {@code running} and {@code changed}: canonical JSON of the definition running and of the file. */
    public static DefinitionDiff between(String running, String changed) {
        JsonNode before = tree(running);
        JsonNode after = tree(changed);
        List<String> changes = new ArrayList<>();
        boolean records = false;
        for (String key : keys(before, after)) {
            if (key.equals("fields") || key.equals("aggregations") || before.path(key).equals(after.path(key))) {
                continue;
            }
            changes.add(key + ": " + text(before.path(key)) + " -> " + text(after.path(key)));
            records |= !key.equals("title") && !key.equals("description");
        }
        Map<String, JsonNode> fieldsBefore = byName(before.path("fields"), "name");
        Map<String, JsonNode> fieldsAfter = byName(after.path("fields"), "name");
        records |= compare("field", fieldsBefore, fieldsAfter, changes);
        Map<String, JsonNode> tablesBefore = byName(before.path("aggregations"), "table");
        Map<String, JsonNode> tablesAfter = byName(after.path("aggregations"), "table");
        List<String> touched = new ArrayList<>();
        for (String table : new TreeSet<>(tablesAfter.keySet())) {
            if (!tablesAfter.get(table).equals(tablesBefore.get(table))) {
                touched.add(table);
            }
        }
        compare("aggregation", tablesBefore, tablesAfter, changes);
        retyped(fieldsBefore, fieldsAfter, before, after).ifPresent(changes::add);
        if (records) {
            return new DefinitionDiff(changes, Scope.EVERYTHING, new ArrayList<>(new TreeSet<>(tablesAfter.keySet())));
        }
        return new DefinitionDiff(changes, touched.isEmpty() ? Scope.NOTHING : Scope.TABLES, touched);
    }

    /** Lines added, removed and changed members; whether any. */
    private static boolean compare(String kind, Map<String, JsonNode> before, Map<String, JsonNode> after,
                                   List<String> changes) {
        boolean any = false;
        for (String name : new TreeSet<>(before.keySet())) {
            if (!after.containsKey(name)) {
                changes.add(kind + " " + name + " removed" + (kind.equals("aggregation")
                        ? " (its table keeps its rows, marked as no longer filled; drop it when no report needs them)"
                        : ""));
                any = true;
            }
        }
        for (String name : new TreeSet<>(after.keySet())) {
            JsonNode was = before.get(name);
            JsonNode is = after.get(name);
            if (was == null) {
                changes.add(kind + " " + name + " added");
                any = true;
            } else if (!was.equals(is)) {
                for (String key : keys(was, is)) {
                    if (!was.path(key).equals(is.path(key))) {
                        changes.add(kind + " " + name + ", " + key + ": " + text(was.path(key)) + " -> "
                                + text(is.path(key)));
                    }
                }
                any = true;
            }
        }
        return any;
    }

    /**
     * A field whose type changes under the same declared version: the stagers write the next schema version by
     * themselves (they compare with the lake's newest staged object), so two types never share one. Says so, and
     * which version that is while the lake is at the declared one.
     */
    private static java.util.Optional<String> retyped(Map<String, JsonNode> before, Map<String, JsonNode> after,
                                                      JsonNode was, JsonNode is) {
        List<String> retyped = new ArrayList<>();
        for (String name : new TreeSet<>(after.keySet())) {
            JsonNode old = before.get(name);
            if (old != null && !old.path("type").equals(after.get(name).path("type"))) {
                retyped.add(name);
            }
        }
        int version = was.path("schema_version").asInt(1);
        if (retyped.isEmpty() || is.path("schema_version").asInt(1) > version) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("field " + String.join(", ", retyped) + " changes type while schema_version stays "
                + is.path("schema_version").asInt(1) + ": its records are staged as schema version " + (version + 1)
                + " from now on (the next after the lake's newest staged object), so staged objects of either type"
                + " are told apart; the aggregators read both");
    }

    private static Map<String, JsonNode> byName(JsonNode list, String key) {
        Map<String, JsonNode> named = new LinkedHashMap<>();
        list.forEach(n -> named.put(n.path(key).asText(), n));
        return named;
    }

    private static TreeSet<String> keys(JsonNode a, JsonNode b) {
        TreeSet<String> keys = new TreeSet<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() ? "(none)" : node.isTextual() ? node.asText() : node.toString();
    }

    /**
     * The definition with every default a file may leave out written in, so that stating a default ({@code
     * unknown_fields: ignore}, {@code schema_version: 1}, {@code required: false}, a field's input equal to its name,
     * a decimal's scale 4) is no change: it would otherwise count as a change of the records and send a replay
     * through every batch again for nothing.
     */
    private static JsonNode tree(String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree instanceof ObjectNode definition) {
                definition.putIfAbsent("schema_version", IntNode.valueOf(1));
                definition.putIfAbsent("unknown_fields", TextNode.valueOf("ignore"));
                definition.putIfAbsent("dedupe_key", JSON.createArrayNode());
                for (JsonNode field : definition.path("fields")) {
                    if (field instanceof ObjectNode f) {
                        f.putIfAbsent("input", f.path("name"));
                        f.putIfAbsent("required", BooleanNode.FALSE);
                        f.putIfAbsent("rules", JSON.createArrayNode());
                        if (f.path("type").asText().equals("decimal")) {
                            f.putIfAbsent("scale", IntNode.valueOf(FieldSpec.DEFAULT_SCALE));
                        }
                    }
                }
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a canonical definition: " + e.getOriginalMessage(), e);
        }
    }
}
