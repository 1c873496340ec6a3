package dev.tributary.adapters.formats.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What `sources validate` says a changed file would change, and what a replay would then recompute. */
class DefinitionDiffTest {
    private static final String RUNNING = """
            {"name":"greenhouse","title":"Greenhouse","format":"ndjson","event_time":"at",
             "fields":[{"name":"room","type":"string"},{"name":"temp","type":"decimal","rules":[{"range":{"max":40}}]}],
             "aggregations":[{"table":"per_hour","measures":[{"column":"n","function":"count"}]},
                             {"table":"per_day","measures":[{"column":"n","function":"count"}]}]}""";

    @Test
    void aChangedRuleTouchesTheRecordsSoEveryBatchAndEveryTable() {
        DefinitionDiff diff = DefinitionDiff.between(RUNNING, RUNNING.replace("{\"max\":40}", "{\"max\":60}"));

        assertThat(diff.scope()).isEqualTo(DefinitionDiff.Scope.EVERYTHING);
        assertThat(diff.changes()).containsExactly(
                "field temp, rules: [{\"range\":{\"max\":40}}] -> [{\"range\":{\"max\":60}}]");
        assertThat(diff.tables()).containsExactly("per_day", "per_hour");
    }

    @Test
    void aNewOrChangedAggregationOnlyRebuildsItsTable() {
        String changed = RUNNING.replace("{\"table\":\"per_day\",\"measures\":[{\"column\":\"n\",\"function\":\"count\"}]}",
                "{\"table\":\"per_day\",\"measures\":[{\"column\":\"n\",\"function\":\"count\"},"
                        + "{\"column\":\"rooms\",\"function\":\"distinct_count\",\"field\":\"room\"}]},"
                        + "{\"table\":\"per_week\",\"measures\":[]}");

        DefinitionDiff diff = DefinitionDiff.between(RUNNING, changed);

        assertThat(diff.scope()).isEqualTo(DefinitionDiff.Scope.TABLES);
        assertThat(diff.tables()).containsExactly("per_day", "per_week");
        assertThat(diff.changes()).contains("aggregation per_week added").anyMatch(c -> c.startsWith(
                "aggregation per_day, measures:"));
    }

    /** Writing out what the file left to its default changes nothing: no replay goes through the records for it. */
    @Test
    void statingADefaultIsNoChange() {
        String stated = RUNNING.replace("\"format\"", "\"schema_version\":1,\"unknown_fields\":\"ignore\",\"dedupe_key\":[],\"format\"")
                .replace("{\"name\":\"room\",\"type\":\"string\"}",
                        "{\"name\":\"room\",\"input\":\"room\",\"type\":\"string\",\"required\":false,\"rules\":[]}")
                .replace("{\"name\":\"temp\",\"type\":\"decimal\"", "{\"name\":\"temp\",\"type\":\"decimal\",\"scale\":4");

        DefinitionDiff diff = DefinitionDiff.between(RUNNING, stated);

        assertThat(diff.changes()).isEmpty();
        assertThat(diff.scope()).isEqualTo(DefinitionDiff.Scope.NOTHING);
        assertThat(DefinitionDiff.between(RUNNING, stated.replace("\"unknown_fields\":\"ignore\"",
                "\"unknown_fields\":\"keep\"")).changes()).containsExactly("unknown_fields: ignore -> keep");
    }

    @Test
    void aNewTitleOrAnEqualFileTouchesNothing() {
        assertThat(DefinitionDiff.between(RUNNING, RUNNING.replace("\"Greenhouse\"", "\"Glasshouse\"")).scope())
                .isEqualTo(DefinitionDiff.Scope.NOTHING);
        assertThat(DefinitionDiff.between(RUNNING, RUNNING).changes()).isEmpty();
    }

    @Test
    void aChangedTypeWithoutARaisedSchemaVersionSaysTheNextVersionIsStagedByItself() {
        String retyped = RUNNING.replace("{\"name\":\"temp\",\"type\":\"decimal\"", "{\"name\":\"temp\",\"type\":\"integer\"");

        assertThat(DefinitionDiff.between(RUNNING, retyped).changes()).contains("field temp changes type while "
                + "schema_version stays 1: its records are staged as schema version 2 from now on (the next after the "
                + "lake's newest staged object), so staged objects of either type are told apart; the aggregators "
                + "read both");
        assertThat(DefinitionDiff.between(RUNNING, retyped.replace("\"format\"", "\"schema_version\":2,\"format\""))
                .changes()).noneMatch(c -> c.contains("staged as schema version"));
    }

    @Test
    void removedFieldsAndANewFormatAreNamed() {
        DefinitionDiff diff = DefinitionDiff.between(RUNNING, RUNNING.replace("{\"name\":\"room\",\"type\":\"string\"},", "")
                .replace("\"ndjson\"", "\"csv\""));

        assertThat(diff.changes()).containsExactly("format: ndjson -> csv", "field room removed");
        assertThat(diff.scope()).isEqualTo(DefinitionDiff.Scope.EVERYTHING);
    }

    @Test
    void aRemovedAggregationSaysItsTableIsKeptButNoLongerFilled() {
        DefinitionDiff diff = DefinitionDiff.between(RUNNING, RUNNING.replace(
                ",\n                 {\"table\":\"per_day\",\"measures\":[{\"column\":\"n\",\"function\":\"count\"}]}",
                ""));

        assertThat(diff.changes()).containsExactly("aggregation per_day removed (its table keeps its rows, marked as no"
                + " longer filled; drop it when no report needs them)");
        assertThat(diff.tables()).isEmpty();
    }
}
