package dev.tributary.adapters.formats.catalog;

import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.source.CleaningRule;
import dev.tributary.domain.source.Unit;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.TimestampFormat;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceFileValidatorTest {
    private final SourceFileValidator validator = new SourceFileValidator();

    static final String ORDERS = """
            name: orders
            title: Web shop orders
            description: One record per order placed in the web shop.
            format: json
            schema_version: 2
            event_time: ordered_at
            dedupe_key: [order_id]
            fields:
              - name: order_id
                type: string
                required: true
                rules: [trim, {pattern: "ORD-[0-9]{6}"}]
              - name: country
                input: shipping.country
                type: string
                rules: [trim, uppercase, {default: "ZZ"}, {one_of: [DE, NO, NL, US, GB, ZZ]}]
              - name: amount_eur
                input: amount_cents
                type: decimal
                scale: 2
                required: true
                rules: [{range: {min: 0, max: 100000.50}}, {convert: {from: cent, to: unit}}]
              - name: ordered_at
                type: timestamp
                required: true
                format: "yyyy-MM-dd HH:mm:ss"
                zone: Europe/Berlin
            aggregations:
              - table: orders_per_hour_by_country
                bucket: hour
                dimensions: [country, {field: order_id, column: order}]
                measures:
                  - {column: orders, function: count, description: Number of orders}
                  - {column: revenue_eur, function: sum, field: amount_eur, description: Revenue in euros}
            """;

    @Test
    void readsAWellFormedFileIntoTheDomain() {
        SourceFileValidator.Checked checked = validator.check(List.of(new SourceText("orders.yml", ORDERS)));

        assertThat(checked.problems()).isEmpty();
        SourceDefinition orders = checked.sources().get(0);
        assertThat(orders.format()).isEqualTo(InputFormat.JSON);
        assertThat(orders.schemaVersion()).isEqualTo(2);
        assertThat(orders.dedupeKey()).containsExactly("order_id");
        assertThat(orders.field("country").orElseThrow()).isEqualTo(new FieldSpec("country", "shipping.country",
                FieldType.STRING, false, List.of(new CleaningRule.Trim(), new CleaningRule.ChangeCase(true),
                new CleaningRule.DefaultValue("ZZ"), new CleaningRule.OneOf(List.of("DE", "NO", "NL", "US", "GB", "ZZ"))),
                TimestampFormat.ISO_UTC, FieldSpec.DEFAULT_SCALE));
        assertThat(orders.field("amount_eur").orElseThrow().rules()).containsExactly(
                new CleaningRule.Range(BigDecimal.ZERO, new BigDecimal("100000.50")),
                new CleaningRule.ConvertUnit(Unit.CENT, Unit.UNIT));
        assertThat(orders.field("amount_eur").orElseThrow().scale()).isEqualTo(2);
        assertThat(orders.field("ordered_at").orElseThrow().timestampFormat())
                .isEqualTo(new TimestampFormat("yyyy-MM-dd HH:mm:ss", ZoneId.of("Europe/Berlin")));
        var aggregation = orders.aggregation("orders_per_hour_by_country").orElseThrow();
        assertThat(aggregation.title()).isEqualTo("Orders per hour by country");
        assertThat(aggregation.bucket()).isEqualTo(Bucket.HOUR);
        assertThat(aggregation.dimensions()).containsExactly(new Dimension("country", "country"),
                new Dimension("order_id", "order"));
        assertThat(aggregation.measures()).containsExactly(
                new Measure("orders", MeasureFunction.COUNT, null, "Number of orders"),
                new Measure("revenue_eur", MeasureFunction.SUM, "amount_eur", "Revenue in euros"));
    }

    @Test
    void reportsEveryProblemOfABrokenFileWithItsLine() {
        List<SourceProblem> problems = validator.validate(Path.of("src/test/resources/catalog/broken.yml"));

        assertThat(problems).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "1: source name must be lower snake case, 1-40 characters, starting with a letter: 'Orders'",
                "2: unknown key 'titel' in the source; expected one of name, title, description, format, "
                        + "schema_version, event_time, dedupe_key, unknown_fields, fields, aggregations",
                "3: unknown format 'xml'; expected json, ndjson or csv",
                "4: 'schema_version' must be a whole number",
                "5: event_time names unknown field 'placed_at'",
                "6: dedupe_key names unknown field 'nope'",
                "10: 'required' must be true or false",
                "11: invalid regular expression: Unclosed character class near index 7",
                "11: unknown rule 'shout'; expected one of trim, lowercase, uppercase, or a mapping with one of "
                        + "default, pattern, one_of, range, convert",
                "13: unknown type 'money'; expected one of string, integer, decimal, boolean, timestamp",
                "16: unknown unit 'stone'; expected one of " + SourceYamlMapper.names(Unit.values()),
                "16: range min must be a number",
                "19: unknown time zone 'Mars/Olympus'",
                "22: scale applies to decimal fields only",
                "23: range applies to numbers, not STRING",
                "26: unknown bucket 'fortnight'; expected minute, hour or day",
                "27: dimension names unknown field 'region'",
                "30: sum cannot apply to string field 'country'",
                "31: unknown function 'median'; expected one of count, sum, min, max, avg, distinct_count");
        assertThat(problems).allSatisfy(p -> assertThat(p.origin()).endsWith("broken.yml"));
        assertThat(problems.get(0).toString()).startsWith("src/test/resources/catalog/broken.yml:1:1: ");
    }

    /** Issue 14: what happens to fields a source does not declare is a policy of the source. */
    @Test
    void readsTheUnknownFieldsPolicyAndNamesTheChoicesOfAWrongOne() {
        String strict = ORDERS.replace("name: orders\n", "name: orders\nunknown_fields: quarantine\n");
        assertThat(validator.check(List.of(new SourceText("o.yml", strict))).sources().get(0).unknownFields())
                .isEqualTo(dev.tributary.domain.source.UnknownFieldPolicy.QUARANTINE);
        assertThat(validator.check(List.of(new SourceText("o.yml", ORDERS))).sources().get(0).unknownFields())
                .isEqualTo(dev.tributary.domain.source.UnknownFieldPolicy.IGNORE);
        assertThat(validator.check(List.of(new SourceText("o.yml", ORDERS.replace("name: orders\n",
                "name: orders\nunknown_fields: keep\n")))).sources().get(0).unknownFields())
                .isEqualTo(dev.tributary.domain.source.UnknownFieldPolicy.KEEP);
        assertThat(validator.validate(new SourceText("o.yml", ORDERS.replace("name: orders\n",
                "name: orders\nunknown_fields: store\n")))).extracting(SourceProblem::message).containsExactly(
                "unknown_fields 'store' is not a policy; expected ignore (count them, the default), quarantine "
                        + "(set the record aside) or keep (carry them along as _unknown_fields)");
    }

    @Test
    void reportsMissingKeysAtTheirMapping() {
        String yaml = """
                name: orders
                fields:
                  - name: order_id
                aggregations:
                  - table: t
                    measures:
                      - {function: count}
                """;

        assertThat(validator.validate(new SourceText("o.yml", yaml))).extracting(SourceProblem::toString)
                .containsExactlyInAnyOrder(
                        "o.yml:1:1: the source is missing key 'format'",
                        "o.yml:1:1: the source is missing key 'event_time'",
                        "o.yml:3:5: a field is missing key 'type'",
                        "o.yml:5:5: an aggregation is missing key 'bucket'",
                        "o.yml:7:9: a measure is missing key 'column'");
    }

    @Test
    void reportsYamlSyntaxErrorsAndEmptyFiles() {
        assertThat(validator.validate(new SourceText("bad.yml", "name: [orders\nformat: json\n")))
                .singleElement().satisfies(p -> {
                    assertThat(p.message()).startsWith("not valid YAML: ");
                    assertThat(p.line()).isGreaterThan(1);
                });
        assertThat(validator.validate(new SourceText("dup.yml", "name: a\nname: b\n")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("Duplicate field 'name'"));
        assertThat(validator.validate(new SourceText("empty.yml", "")))
                .extracting(SourceProblem::message).containsExactly(
                        "the file is empty; expected a source with name, format, event_time and fields");
    }

    @Test
    void reportsSourceNamesAndTablesUsedTwiceAcrossFiles() {
        String other = ORDERS.replace("name: orders", "name: returns");

        List<SourceProblem> problems = validator.validateAll(List.of(new SourceText("orders.yml", ORDERS),
                new SourceText("returns.yml", other), new SourceText("copy.yml", ORDERS)));

        assertThat(problems).extracting(SourceProblem::toString).containsExactly(
                "returns.yml:29:5: aggregation table 'orders_per_hour_by_country' is already used by source 'orders'",
                "copy.yml:1:1: source 'orders' is already defined in orders.yml");
    }

    @Test
    void catalogRefusesToStartWithProblemsListingThemAll() {
        assertThatThrownBy(() -> new YamlSourceCatalog(List.of(new SourceText("o.yml", "name: orders\n"))))
                .isInstanceOf(InvalidSourcesException.class)
                .hasMessageContaining("3 problem(s)")
                .hasMessageContaining("o.yml:1:1: the source is missing key 'fields'");
    }
}
