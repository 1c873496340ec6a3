package dev.tributary.adapters.formats.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and checks source YAML files (what {@code tributary sources validate} runs). Reports every problem with its
 * file, line and column, not just the first, in file order: YAML syntax, unknown and missing keys, values of the wrong type,
 * unknown types, rules, units, buckets and functions, bad regular expressions and time zones, references to fields
 * a source does not have, and — across a catalog — source names and aggregation tables declared twice.
 * <p>
 * The expected shape, one source per file:
 * <pre>
 * name: orders                      # lower snake case
 * title: Web shop orders            # default: the name
 * description: One record per order # default: empty
 * format: json                      # json | ndjson | csv
 * schema_version: 1                 # default 1; raise it when fields change
 * event_time: ordered_at            # a required timestamp field
 * dedupe_key: [order_id]            # optional
 * unknown_fields: ignore            # undeclared fields: counted, then ignore (default), quarantine or keep
 * fields:
 *   - name: country                 # name in the lake and in PostgreSQL
 *     input: shipping.country       # default: the name; dotted path in JSON, header in CSV
 *     type: string                  # string | integer | decimal | boolean | timestamp
 *     required: false               # default false
 *     rules: [trim, uppercase, {default: ZZ}, {one_of: [DE, FR]}, {pattern: "[A-Z]{2}"},
 *             {range: {min: 0, max: 10}}, {convert: {from: cent, to: unit}}]
 *     scale: 2                      # decimal only, default 4
 *     format: iso                   # timestamp only: iso | epoch_millis | epoch_seconds | a DateTimeFormatter pattern
 *     zone: UTC                     # timestamp only, for text without an offset
 * aggregations:
 *   - table: orders_per_hour_by_country   # unique across all sources
 *     title: Orders per hour by country   # default: from the table name
 *     bucket: hour                        # minute | hour | day
 *     dimensions: [country]               # or {field: country, column: ship_to}
 *     measures:
 *       - {column: orders, function: count, description: Number of orders}
 *       - {column: revenue_eur, function: sum, field: amount_eur}   # count sum min max avg distinct_count
 * </pre>
 */
public final class SourceFileValidator {

    /** What a set of files yields: the sources that read cleanly and every problem found. */
    public record Checked(List<SourceDefinition> sources, List<SourceProblem> problems,
                          Map<SourceName, DefinitionVersion> versions) {
        public Checked {
            versions = Map.copyOf(versions);
            sources = List.copyOf(sources);
            problems = List.copyOf(problems);
        }
    }

    private record Read(SourceText text, Optional<SourceDefinition> source, List<SourceProblem> problems,
                        Map<String, JsonLocation> tables, DefinitionVersion version) {
    }

    public List<SourceProblem> validate(Path file) {
        return validate(SourceText.read(file));
    }

    public List<SourceProblem> validate(SourceText text) {
        return read(text).problems();
    }

    /** Every problem of every file, plus names and tables that clash across the files. */
    public List<SourceProblem> validateAll(List<SourceText> texts) {
        return check(texts).problems();
    }

    public Checked check(List<SourceText> texts) {
        List<SourceDefinition> sources = new ArrayList<>();
        List<SourceProblem> problems = new ArrayList<>();
        Map<SourceName, DefinitionVersion> versions = new HashMap<>();
        Map<String, String> sourceNames = new HashMap<>();
        Map<String, String> tableOwners = new HashMap<>();
        for (SourceText text : texts) {
            Read read = read(text);
            problems.addAll(read.problems());
            if (read.source().isEmpty()) {
                continue;
            }
            SourceDefinition source = read.source().get();
            String first = sourceNames.putIfAbsent(source.name().value(), text.origin());
            if (first != null) {
                problems.add(new SourceProblem(text.origin(), 1, 1, "source '" + source.name()
                        + "' is already defined in " + first));
                continue;
            }
            boolean clash = false;
            for (Map.Entry<String, JsonLocation> table : read.tables().entrySet()) {
                String owner = tableOwners.putIfAbsent(table.getKey(), source.name().value());
                if (owner != null) {
                    clash = true;
                    problems.add(new SourceProblem(text.origin(), table.getValue().getLineNr(),
                            table.getValue().getColumnNr(), "aggregation table '" + table.getKey()
                            + "' is already used by source '" + owner + "'"));
                }
            }
            if (!clash) {
                sources.add(source);
                versions.put(source.name(), read.version());
            }
        }
        return new Checked(sources, problems, versions);
    }

    /** The source name a file declares ({@code name:} at its top), when it is YAML and has one. */
    static Optional<String> declaredName(SourceText text) {
        try {
            JsonNode root = LocatedTree.parse(text.yaml()).root();
            JsonNode name = root == null ? null : root.get("name");
            return name != null && name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();                        // the catalog names the syntax error
        }
    }

    private static Read read(SourceText text) {
        LocatedTree tree;
        try {
            tree = LocatedTree.parse(text.yaml());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return new Read(text, Optional.empty(), List.of(new SourceProblem(text.origin(),
                    at == null ? 1 : at.getLineNr(), at == null ? 1 : at.getColumnNr(),
                    "not valid YAML: " + e.getOriginalMessage())), Map.of(), null);
        }
        SourceYamlMapper mapper = new SourceYamlMapper(text.origin(), tree);
        Optional<SourceDefinition> source = mapper.map();
        List<SourceProblem> inFileOrder = mapper.problems().stream()
                .sorted(Comparator.comparingInt(SourceProblem::line).thenComparingInt(SourceProblem::column))
                .toList();
        return new Read(text, source, inFileOrder, mapper.tableLocations(), Fingerprint.of(tree.root()));
    }
}
