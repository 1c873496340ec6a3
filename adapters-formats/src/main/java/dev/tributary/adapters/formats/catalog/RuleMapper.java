package dev.tributary.adapters.formats.catalog;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.domain.source.CleaningRule;
import dev.tributary.domain.source.Unit;
import dev.tributary.domain.source.FieldType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Maps a field's {@code rules} list: {@code trim}, {@code lowercase}, {@code uppercase}, and one-key mappings
 * {@code {default: text}}, {@code {pattern: regex}}, {@code {one_of: [..]}}, {@code {range: {min, max}}},
 * {@code {convert: {from: unit, to: unit}}} — exactly the domain's {@link CleaningRule} variants.
 */
final class RuleMapper {
    private static final List<String> WORDS = List.of("trim", "lowercase", "uppercase");
    private static final List<String> KEYED = List.of("default", "pattern", "one_of", "range", "convert");

    private final LocatedValues file;

    RuleMapper(LocatedValues file) {
        this.file = file;
    }

    /** The rules that could be read; each unreadable one is a problem in the file. */
    List<CleaningRule> rules(JsonNode field, JsonPointer at, FieldType type) {
        List<CleaningRule> rules = new ArrayList<>();
        file.forEach(field, at, "rules", (item, p) -> rule(item, p).ifPresent(rule -> {
            if (type != null) {
                rule.checkApplicableTo(type).ifPresent(problem -> file.problem(p, problem));
            }
            rules.add(rule);
        }));
        return rules;
    }

    private Optional<CleaningRule> rule(JsonNode node, JsonPointer at) {
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "trim" -> Optional.of(new CleaningRule.Trim());
                case "lowercase" -> Optional.of(new CleaningRule.ChangeCase(false));
                case "uppercase" -> Optional.of(new CleaningRule.ChangeCase(true));
                default -> file.none(at, "unknown rule '" + node.asText() + "'; expected one of "
                        + String.join(", ", WORDS) + ", or a mapping with one of " + String.join(", ", KEYED));
            };
        }
        if (!node.isObject() || node.size() != 1) {
            return file.none(at, "a rule is a word (" + String.join(", ", WORDS) + ") or a mapping with one key ("
                    + String.join(", ", KEYED) + ")");
        }
        Map.Entry<String, JsonNode> entry = node.fields().next();
        JsonPointer value = at.appendProperty(entry.getKey());
        return switch (entry.getKey()) {
            case "default" -> file.scalar(entry.getValue(), value, "default").map(CleaningRule.DefaultValue::new);
            case "pattern" -> file.scalar(entry.getValue(), value, "pattern").flatMap(regex -> pattern(value, regex));
            case "one_of" -> oneOf(entry.getValue(), value);
            case "range" -> range(entry.getValue(), value);
            case "convert" -> convert(entry.getValue(), value);
            default -> file.none(value, "unknown rule '" + entry.getKey() + "'; expected one of "
                    + String.join(", ", KEYED));
        };
    }

    private Optional<CleaningRule> pattern(JsonPointer at, String regex) {
        try {
            return Optional.of(new CleaningRule.Matches(Pattern.compile(regex)));
        } catch (PatternSyntaxException e) {
            return file.none(at, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    private Optional<CleaningRule> oneOf(JsonNode node, JsonPointer at) {
        if (!node.isArray() || node.isEmpty()) {
            return file.none(at, "one_of must be a non-empty list of values");
        }
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            file.scalar(node.get(i), at.appendIndex(i), "each one_of value").ifPresent(allowed::add);
        }
        return allowed.size() == node.size() ? file.parse(at, () -> new CleaningRule.OneOf(allowed)) : Optional.empty();
    }

    private Optional<CleaningRule> range(JsonNode node, JsonPointer at) {
        if (!file.isObject(node, at, "range as {min: number, max: number}")) {
            return Optional.empty();
        }
        file.keys(node, at, "range", List.of("min", "max"), List.of());
        Optional<BigDecimal> min = number(node, at, "min");
        Optional<BigDecimal> max = number(node, at, "max");
        if ((node.has("min") && min.isEmpty()) || (node.has("max") && max.isEmpty())) {
            return Optional.empty();
        }
        return file.parse(at, () -> new CleaningRule.Range(min.orElse(null), max.orElse(null)));
    }

    private Optional<BigDecimal> number(JsonNode node, JsonPointer at, String key) {
        return file.text(node, at, key).flatMap(text -> {
            try {
                return Optional.of(new BigDecimal(text));
            } catch (NumberFormatException e) {
                return file.none(at.appendProperty(key), "range " + key + " must be a number");
            }
        });
    }

    private Optional<CleaningRule> convert(JsonNode node, JsonPointer at) {
        if (!file.isObject(node, at, "convert as {from: unit, to: unit}")) {
            return Optional.empty();
        }
        file.keys(node, at, "convert", List.of("from", "to"), List.of("from", "to"));
        Optional<Unit> from = unit(node, at, "from");
        Optional<Unit> to = unit(node, at, "to");
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        return file.parse(at, () -> new CleaningRule.ConvertUnit(from.get(), to.get()));
    }

    private Optional<Unit> unit(JsonNode node, JsonPointer at, String key) {
        return file.text(node, at, key).flatMap(name -> Unit.fromName(name)
                .or(() -> file.none(at.appendProperty(key), "unknown unit '" + name + "'; expected one of "
                        + SourceYamlMapper.names(Unit.values()))));
    }
}
