package dev.tributary.adapters.formats.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Typed access to one file's located tree that never throws: a value of the wrong shape becomes a
 * {@link SourceProblem} at its line and the accessor returns empty, so mapping carries on and finds the next one.
 */
final class LocatedValues {
    private final String origin;
    private final LocatedTree tree;
    private final List<SourceProblem> problems = new ArrayList<>();

    LocatedValues(String origin, LocatedTree tree) {
        this.origin = origin;
        this.tree = tree;
    }

    List<SourceProblem> problems() {
        return problems;
    }

    void keys(JsonNode node, JsonPointer at, String what, List<String> allowed, List<String> required) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                problem(at.appendProperty(key), "unknown key '" + key + "' in " + what + "; expected one of "
                        + String.join(", ", allowed));
            }
        });
        for (String key : required) {
            if (!node.has(key) || node.get(key).isNull()) {
                problem(at, what + " is missing key '" + key + "'");
            }
        }
    }

    Optional<String> text(JsonNode parent, JsonPointer at, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            return none(at.appendProperty(key), "'" + key + "' must be a single value, not a "
                    + (node.isArray() ? "list" : "mapping"));
        }
        return Optional.of(tree.scalarText(at.appendProperty(key), node));
    }

    Optional<String> scalar(JsonNode node, JsonPointer at, String what) {
        if (!node.isValueNode() || node.isNull()) {
            return none(at, what + " must be a single value");
        }
        return Optional.of(tree.scalarText(at, node));
    }

    Optional<Integer> integer(JsonNode parent, JsonPointer at, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            return none(at.appendProperty(key), "'" + key + "' must be a whole number");
        }
        return Optional.of(node.intValue());
    }

    Optional<Boolean> bool(JsonNode parent, JsonPointer at, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            return none(at.appendProperty(key), "'" + key + "' must be true or false");
        }
        return Optional.of(node.booleanValue());
    }

    /** A list of names; a single name is accepted as a list of one. */
    List<String> textList(JsonNode parent, JsonPointer at, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isValueNode()) {
            return List.of(tree.scalarText(at.appendProperty(key), node));
        }
        List<String> values = new ArrayList<>();
        forEach(parent, at, key, (item, p) -> scalar(item, p, "each entry of '" + key + "'").ifPresent(values::add));
        return values;
    }

    interface ItemMapper {
        void map(JsonNode item, JsonPointer at);
    }

    void forEach(JsonNode parent, JsonPointer at, String key, ItemMapper mapper) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return;
        }
        JsonPointer list = at.appendProperty(key);
        if (!node.isArray()) {
            problem(list, "'" + key + "' must be a list");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            mapper.map(node.get(i), list.appendIndex(i));
        }
    }

    boolean isObject(JsonNode node, JsonPointer at, String expected) {
        if (node.isObject()) {
            return true;
        }
        problem(at, "expected " + expected);
        return false;
    }

    /** Runs a domain constructor; what it refuses becomes a problem at {@code at}. */
    <T> Optional<T> parse(JsonPointer at, Supplier<T> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (IllegalArgumentException e) {
            return none(at, e.getMessage());
        }
    }

    <T> Optional<T> none(JsonPointer at, String message) {
        problem(at, message);
        return Optional.empty();
    }

    void problem(JsonPointer at, String message) {
        JsonLocation location = tree.location(at);
        problems.add(new SourceProblem(origin, location.getLineNr(), location.getColumnNr(), message));
    }
}
