package dev.tributary.domain.source;

import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.rules.StagedSchema;
import dev.tributary.domain.source.CleaningRule;
import dev.tributary.domain.source.Unit;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceDefinitionTest {
    private static final SourceName ORDERS = new SourceName("orders");
    private static final FieldSpec AT = FieldSpec.of("at", FieldType.TIMESTAMP, true);
    private static final FieldSpec AMOUNT = FieldSpec.of("amount", FieldType.DECIMAL, true);
    private static final FieldSpec COUNTRY = FieldSpec.of("country", FieldType.STRING, false);
    private static final Measure COUNT = new Measure("orders", MeasureFunction.COUNT, null, "orders");

    private static SourceDefinition define(InputFormat format, List<FieldSpec> fields, String eventTime, List<String> dedupe,
                                           int version, List<AggregationSpec> aggregations) {
        return new SourceDefinition(ORDERS, "Orders", "web shop orders", format, fields, eventTime, dedupe, version, aggregations);
    }

    private static SourceDefinition withAggregations(AggregationSpec... aggregations) {
        return define(InputFormat.JSON, List.of(AT, AMOUNT, COUNTRY), "at", List.of(), 1, List.of(aggregations));
    }

    private static AggregationSpec aggregation(String table, List<Dimension> dims, Measure... measures) {
        return new AggregationSpec(table, "t", Bucket.HOUR, dims, List.of(measures));
    }

    @Test
    void acceptsAValidDefinitionAndLooksUpByName() {
        AggregationSpec byCountry = aggregation("orders_by_country", List.of(new Dimension("country", "country")), COUNT,
                new Measure("revenue", MeasureFunction.SUM, "amount", "revenue"));

        SourceDefinition source = define(InputFormat.CSV, List.of(AT, AMOUNT, COUNTRY), "at", List.of("at", "country"), 3,
                List.of(byCountry));

        assertThat(source.field("amount")).contains(AMOUNT);
        assertThat(source.field("nope")).isEmpty();
        assertThat(source.aggregation("orders_by_country")).contains(byCountry);
        assertThat(source.aggregation("nope")).isEmpty();
        assertThat(dev.tributary.domain.rules.StagedSchema.of(source).version()).isEqualTo(3);
        assertThat(dev.tributary.domain.rules.StagedSchema.of(source).fields()).containsExactly(AT, AMOUNT, COUNTRY);
        assertThat(dev.tributary.domain.rules.StagedSchema.of(source).eventTimeField()).isEqualTo("at");
    }

    @Test
    void refusesNoFields() {
        assertThatThrownBy(() -> define(InputFormat.JSON, List.of(), "at", List.of(), 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one field");
    }

    @Test
    void refusesSchemaVersionBelowOne() {
        assertThatThrownBy(() -> define(InputFormat.JSON, List.of(AT), "at", List.of(), 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema version");
    }

    @Test
    void refusesAFieldDeclaredTwice() {
        assertThatThrownBy(() -> define(InputFormat.JSON, List.of(AT, AMOUNT, FieldSpec.of("amount", FieldType.INTEGER, false)),
                "at", List.of(), 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'amount' is declared twice");
    }

    @Test
    void refusesAnEventTimeFieldThatIsUnknownNotATimestampOrOptional() {
        assertThatThrownBy(() -> define(InputFormat.JSON, List.of(AT), "when", List.of(), 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event time field 'when'");
        assertThatThrownBy(() -> define(InputFormat.JSON, List.of(AT, AMOUNT), "amount", List.of(), 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("required timestamp");
        FieldSpec optionalAt = FieldSpec.of("at", FieldType.TIMESTAMP, false);
        assertThatThrownBy(() -> define(InputFormat.JSON, List.of(optionalAt), "at", List.of(), 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("required timestamp");
    }

    @Test
    void refusesADedupeKeyNamingAnUnknownField() {
        assertThatThrownBy(() -> define(InputFormat.JSON, List.of(AT), "at", List.of("order_id"), 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'order_id'");
    }

    @Test
    void refusesAnAggregationTableDeclaredTwice() {
        assertThatThrownBy(() -> withAggregations(aggregation("t", List.of(), COUNT), aggregation("t", List.of(), COUNT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table 't' is declared twice");
    }

    @Test
    void refusesGroupingByAnUnknownField() {
        assertThatThrownBy(() -> withAggregations(aggregation("t", List.of(new Dimension("city", "city")), COUNT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groups by unknown field 'city'");
    }

    @Test
    void refusesAMeasureOfAnUnknownField() {
        assertThatThrownBy(() -> withAggregations(aggregation("t", List.of(),
                new Measure("tax", MeasureFunction.SUM, "vat", ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("measure 'tax' reads unknown field 'vat'");
    }

    @Test
    void refusesANumericMeasureOfANonNumericField() {
        assertThatThrownBy(() -> withAggregations(aggregation("t", List.of(),
                new Measure("total", MeasureFunction.SUM, "country", ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot SUM a STRING field");
        assertThatThrownBy(() -> withAggregations(aggregation("t", List.of(),
                new Measure("latest", MeasureFunction.MAX, "at", ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot MAX a TIMESTAMP field");
    }

    @Test
    void acceptsDistinctCountOfAnyField() {
        assertThat(withAggregations(aggregation("t", List.of(),
                new Measure("countries", MeasureFunction.DISTINCT_COUNT, "country", "")))).isNotNull();
    }

    @Test
    void refusesNulls() {
        assertThatThrownBy(() -> new SourceDefinition(null, "t", "d", InputFormat.JSON, List.of(AT), "at", List.of(), 1, List.of()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SourceDefinition(ORDERS, "t", "d", InputFormat.JSON, null, "at", List.of(), 1, List.of()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SourceDefinition(ORDERS, "t", "d", InputFormat.JSON, List.of(AT), null, List.of(), 1, List.of()))
                .isInstanceOf(NullPointerException.class);
    }

    // --- field specs and names

    @Test
    void fieldSpecRefusesBadNamesScalesAndInapplicableRules() {
        assertThatThrownBy(() -> FieldSpec.of("Amount", FieldType.DECIMAL, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldSpec.of("a".repeat(64), FieldType.DECIMAL, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AMOUNT.withInput(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank input");
        assertThatThrownBy(() -> AMOUNT.withScale(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AMOUNT.withScale(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldSpec.of("country", FieldType.STRING, false, new CleaningRule.Range(BigDecimal.ONE, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'country'");
        assertThatThrownBy(() -> FieldSpec.of("n", FieldType.INTEGER, false, new CleaningRule.ConvertUnit(Unit.CENT, Unit.UNIT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decimal fields");
    }

    @Test
    void fieldSpecDefaults() {
        assertThat(AMOUNT.input()).isEqualTo("amount");
        assertThat(AMOUNT.scale()).isEqualTo(FieldSpec.DEFAULT_SCALE);
        assertThat(AMOUNT.timestampFormat()).isEqualTo(TimestampFormat.ISO_UTC);
        assertThat(AMOUNT.withScale(0).scale()).isZero();
        assertThat(AMOUNT.withScale(9).scale()).isEqualTo(9);
    }

    @Test
    void sourceNameIsLowerSnakeCaseUpTo40Characters() {
        assertThat(SourceName.isValid("a")).isTrue();
        assertThat(SourceName.isValid("weather_2024")).isTrue();
        assertThat(SourceName.isValid("a".repeat(40))).isTrue();
        assertThat(SourceName.isValid("a".repeat(41))).isFalse();
        assertThat(SourceName.isValid("1abc")).isFalse();
        assertThat(SourceName.isValid("_abc")).isFalse();
        assertThat(SourceName.isValid("Orders")).isFalse();
        assertThat(SourceName.isValid("a-b")).isFalse();
        assertThat(SourceName.isValid("a/b")).isFalse();
        assertThat(SourceName.isValid("")).isFalse();
        assertThat(SourceName.isValid(null)).isFalse();
        assertThatThrownBy(() -> new SourceName("../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SourceName("b")).isGreaterThan(new SourceName("a")).hasToString("b");
    }

    @Test
    void formatsAndTypesParseTheirYamlNames() {
        assertThat(InputFormat.fromName(" NDJSON ")).contains(InputFormat.NDJSON);
        assertThat(InputFormat.fromName("xml")).isEmpty();
        assertThat(InputFormat.fromName(null)).isEmpty();
        assertThat(InputFormat.fromName("parquet")).as("a lake format, not an input").isEmpty();
        assertThat(InputFormat.CSV.contentType()).isEqualTo("text/csv");
        assertThat(FieldType.fromName("decimal")).contains(FieldType.DECIMAL);
        assertThat(FieldType.fromName("float")).isEmpty();
        assertThat(FieldType.fromName(null)).isEmpty();
    }

    /** The lake's own columns start with an underscore and no field name may: {@code _unknown_fields} is free. */
    @Test
    void noFieldTakesTheNameOfAColumnTheLakeAdds() {
        for (String column : List.of(StagedSchema.BATCH_ID_COLUMN, StagedSchema.POSITION_COLUMN,
                StagedSchema.UNKNOWN_FIELDS_COLUMN)) {
            assertThatThrownBy(() -> FieldSpec.of(column, FieldType.STRING, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower snake case");
        }
    }
}
