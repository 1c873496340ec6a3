package dev.tributary.domain.rules;

import dev.tributary.domain.source.Unit;
import dev.tributary.domain.source.CleaningRule;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import dev.tributary.domain.source.TimestampFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CleanerTest {
    private static final String AT = "2024-03-05T07:08:09Z";

    /** Every field type, a text rule and a typed rule, required and optional fields. */
    private static SourceDefinition orders(List<String> dedupeKey) {
        return new SourceDefinition(new SourceName("orders"), "Orders", "test orders", InputFormat.JSON, List.of(
                FieldSpec.of("id", FieldType.STRING, true, new CleaningRule.Trim()).withInput("order.id"),
                FieldSpec.of("amount", FieldType.DECIMAL, true, new CleaningRule.Range(BigDecimal.ZERO, null)).withScale(2),
                FieldSpec.of("quantity", FieldType.INTEGER, false),
                FieldSpec.of("paid", FieldType.BOOLEAN, false),
                FieldSpec.of("at", FieldType.TIMESTAMP, true),
                FieldSpec.of("currency", FieldType.STRING, false, new CleaningRule.Trim(),
                        new CleaningRule.ChangeCase(true), new CleaningRule.DefaultValue("EUR"),
                        new CleaningRule.OneOf(List.of("EUR", "USD"))),
                FieldSpec.of("temperature", FieldType.DECIMAL, false,
                        new CleaningRule.ConvertUnit(Unit.FAHRENHEIT, Unit.CELSIUS)).withScale(1)),
                "at", dedupeKey, 1, List.of());
    }

    private static final Cleaner CLEANER = new Cleaner(orders(List.of()));

    private static RawRecord raw(int index, String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("order.id", "o-" + index);
        values.put("amount", "10");
        values.put("at", AT);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                values.remove(keyValues[i]);
            } else {
                values.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return new RawRecord(new RecordPosition(index), values);
    }

    private static CleanRecord clean(CleaningOutcome outcome) {
        assertThat(outcome).isInstanceOf(CleaningOutcome.Clean.class);
        return ((CleaningOutcome.Clean) outcome).record();
    }

    private static CleaningOutcome.Rejected rejected(CleaningOutcome outcome) {
        assertThat(outcome).isInstanceOf(CleaningOutcome.Rejected.class);
        return (CleaningOutcome.Rejected) outcome;
    }

    // --- types

    @Test
    void typesEveryFieldType() {
        CleanRecord record = clean(CLEANER.clean(raw(0, "order.id", " A-1 ", "amount", "12.5", "quantity", "3",
                "paid", "yes", "currency", "usd", "temperature", "212")));

        assertThat(record.values()).containsExactly(
                Map.entry("id", "A-1"),
                Map.entry("amount", new BigDecimal("12.50")),
                Map.entry("quantity", 3L),
                Map.entry("paid", Boolean.TRUE),
                Map.entry("at", Instant.parse(AT)),
                Map.entry("currency", "USD"),
                Map.entry("temperature", new BigDecimal("100.0")));
        assertThat(record.eventTime()).isEqualTo(Instant.parse(AT));
        assertThat(record.position()).isEqualTo(new RecordPosition(0));
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "yes, true", "Y, true", "1, true", "' true ', true",
            "false, false", "No, false", "n, false", "0, false"})
    void readsBooleanSpellings(String text, boolean expected) {
        assertThat(clean(CLEANER.clean(raw(0, "paid", text))).get("paid")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "2", "t", "on", "-1"})
    void rejectsOtherBooleans(String text) {
        CleaningOutcome.Rejected r = rejected(CLEANER.clean(raw(0, "paid", text)));

        assertThat(r.field()).isEqualTo("paid");
        assertThat(r.reason()).isEqualTo("not a valid boolean");
    }

    @ParameterizedTest
    @CsvSource({"42, 42", "' 42 ', 42", "+7, 7", "-9223372036854775808, -9223372036854775808"})
    void readsIntegers(String text, long expected) {
        assertThat(clean(CLEANER.clean(raw(0, "quantity", text))).get("quantity")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.2", "1e3", "9223372036854775808", "four", "0x10"})
    void rejectsOtherIntegers(String text) {
        assertThat(rejected(CLEANER.clean(raw(0, "quantity", text))).reason()).isEqualTo("not a valid integer");
    }

    @ParameterizedTest
    @CsvSource({"2.345, 2.35", "2.344, 2.34", "2.3449, 2.34", "7, 7.00", "1e3, 1000.00", "' 0.005 ', 0.01", "0, 0.00"})
    void roundsDecimalsHalfUpToTheFieldScale(String text, String expected) {
        assertThat(clean(CLEANER.clean(raw(0, "amount", text))).get("amount")).isEqualTo(new BigDecimal(expected));
    }

    @Test
    void roundsNegativeDecimalsAwayFromZero() {
        SourceDefinition signed = new SourceDefinition(new SourceName("s"), "S", "", InputFormat.CSV, List.of(
                FieldSpec.of("at", FieldType.TIMESTAMP, true), FieldSpec.of("v", FieldType.DECIMAL, true).withScale(0)),
                "at", List.of(), 1, List.of());

        CleanRecord record = clean(new Cleaner(signed).clean(
                new RawRecord(new RecordPosition(0), Map.of("at", AT, "v", "-2.5"))));

        assertThat(record.get("v")).isEqualTo(new BigDecimal("-3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten", "1,5", "NaN", "Infinity", "--1"})
    void rejectsOtherDecimals(String text) {
        assertThat(rejected(CLEANER.clean(raw(0, "amount", text))).reason()).isEqualTo("not a valid decimal");
    }

    @Test
    void rejectsADecimalTooLargeForTheStagedZoneBeforeWritingItOut() {
        CleaningOutcome.Rejected huge = rejected(CLEANER.clean(raw(0, "amount", "1e999999999")));
        CleaningOutcome.Rejected seventeenDigits = rejected(CLEANER.clean(raw(0, "amount", "12345678901234567")));

        assertThat(huge.field()).isEqualTo("amount");
        assertThat(huge.reason()).isEqualTo("too large: more than 40 digits before the decimal point");
        assertThat(seventeenDigits.reason()).isEqualTo("too large: at most 16 digits before the decimal point");
        assertThat(rejected(CLEANER.clean(raw(0, "temperature", "-1e999999999"))).reason())
                .startsWith("too large");
        assertThat(clean(CLEANER.clean(raw(0, "amount", "1234567890123456.78"))).values().get("amount"))
                .isEqualTo(new BigDecimal("1234567890123456.78"));
        assertThat(clean(CLEANER.clean(raw(0, "amount", "1e-999999999"))).values().get("amount"))
                .isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void setsAsideTextHoldingANulCharacter() {
        CleaningOutcome.Rejected r = rejected(CLEANER.clean(raw(0, "order.id", "o-1\u0000x")));

        assertThat(r.field()).isEqualTo("id");
        assertThat(r.reason()).isEqualTo("contains a NUL character (U+0000)");
    }

    @Test
    void rejectsATimestampNamingTheExpectedFormat() {
        CleaningOutcome.Rejected r = rejected(CLEANER.clean(raw(0, "at", "yesterday")));

        assertThat(r.field()).isEqualTo("at");
        assertThat(r.reason()).isEqualTo("not a valid timestamp (expected iso)");
    }

    @Test
    void readsTimestampsInTheFieldsFormat() {
        SourceDefinition epoch = new SourceDefinition(new SourceName("s"), "S", "", InputFormat.CSV, List.of(
                FieldSpec.of("at", FieldType.TIMESTAMP, true)
                        .withTimestampFormat(new TimestampFormat(TimestampFormat.EPOCH_SECONDS, ZoneId.of("UTC")))),
                "at", List.of(), 1, List.of());

        CleanRecord record = clean(new Cleaner(epoch).clean(new RawRecord(new RecordPosition(0), Map.of("at", " 1709622489 "))));

        assertThat(record.eventTime()).isEqualTo(Instant.parse(AT));
    }

    @Test
    void keepsStringsAsSentWithoutRules() {
        SourceDefinition plain = new SourceDefinition(new SourceName("s"), "S", "", InputFormat.CSV, List.of(
                FieldSpec.of("at", FieldType.TIMESTAMP, true), FieldSpec.of("note", FieldType.STRING, true)),
                "at", List.of(), 1, List.of());

        CleanRecord record = clean(new Cleaner(plain).clean(
                new RawRecord(new RecordPosition(0), Map.of("at", AT, "note", "  Mixed Case  "))));

        assertThat(record.get("note")).isEqualTo("  Mixed Case  ");
    }

    // --- required and missing

    @Test
    void rejectsAMissingRequiredField() {
        CleaningOutcome.Rejected r = rejected(CLEANER.clean(raw(4, "amount", null)));

        assertThat(r.field()).isEqualTo("amount");
        assertThat(r.reason()).isEqualTo("required field is missing");
        assertThat(r.position()).isEqualTo(new RecordPosition(4));
        assertThat(r.describe()).isEqualTo("record 5, field amount: required field is missing");
    }

    @Test
    void rejectsAnEmptyRequiredField() {
        assertThat(rejected(CLEANER.clean(raw(0, "amount", ""))).reason()).isEqualTo("required field is missing");
    }

    @Test
    void aBlankRequiredFieldIsMissingOnceTrimmed() {
        CleaningOutcome.Rejected r = rejected(CLEANER.clean(raw(0, "order.id", "   ")));

        assertThat(r.field()).isEqualTo("id");
        assertThat(r.reason()).isEqualTo("required field is missing");
    }

    @Test
    void leavesOutAMissingOptionalField() {
        CleanRecord record = clean(CLEANER.clean(raw(0, "quantity", null, "paid", "")));

        assertThat(record.values()).doesNotContainKeys("quantity", "paid", "temperature");
        assertThat(record.get("quantity")).isNull();
    }

    @Test
    void readsTheInputNameNotTheFieldName() {
        CleaningOutcome.Rejected r = rejected(CLEANER.clean(raw(0, "order.id", null, "id", "o-1")));

        assertThat(r.field()).isEqualTo("id");
    }

    @Test
    void rejectsOnTheFirstBadFieldInDeclarationOrder() {
        CleaningOutcome.Rejected r = rejected(CLEANER.clean(raw(0, "quantity", "x", "amount", "-1", "paid", "?")));

        assertThat(r.field()).isEqualTo("amount");
        assertThat(r.reason()).isEqualTo("below minimum 0");
    }

    @Test
    void rejectedKeepsTheRawRecordForQuarantine() {
        RawRecord raw = raw(2, "quantity", "x");

        assertThat(rejected(CLEANER.clean(raw)).record()).isEqualTo(raw);
    }

    // --- rule order

    @Test
    void textRulesRunBeforeTyping() {
        CleanRecord record = clean(CLEANER.clean(raw(0, "currency", "  usd ")));

        assertThat(record.get("currency")).as("trimmed and upper-cased before one_of").isEqualTo("USD");
    }

    @Test
    void defaultValueFillsAnAbsentOptionalFieldAndIsThenChecked() {
        assertThat(clean(CLEANER.clean(raw(0))).get("currency")).isEqualTo("EUR");
        assertThat(clean(CLEANER.clean(raw(0, "currency", "   "))).get("currency")).isEqualTo("EUR");
        assertThat(rejected(CLEANER.clean(raw(0, "currency", "gbp"))).reason()).isEqualTo("not one of EUR, USD");
    }

    @Test
    void defaultValueIsTypedLikeTheProducersText() {
        SourceDefinition withDefault = new SourceDefinition(new SourceName("s"), "S", "", InputFormat.CSV, List.of(
                FieldSpec.of("at", FieldType.TIMESTAMP, true),
                FieldSpec.of("n", FieldType.INTEGER, true, new CleaningRule.DefaultValue("0"), new CleaningRule.Range(BigDecimal.ZERO, null)),
                FieldSpec.of("bad", FieldType.INTEGER, false, new CleaningRule.DefaultValue("none"))),
                "at", List.of(), 1, List.of());

        CleaningOutcome outcome = new Cleaner(withDefault).clean(new RawRecord(new RecordPosition(0), Map.of("at", AT, "bad", "5")));
        CleaningOutcome defaulted = new Cleaner(withDefault).clean(new RawRecord(new RecordPosition(0), Map.of("at", AT)));

        assertThat(clean(outcome).get("n")).as("required, but defaulted").isEqualTo(0L);
        assertThat(rejected(defaulted).field()).as("a default that is not an integer is rejected").isEqualTo("bad");
    }

    @Test
    void typedRulesRunAfterTypingAndBeforeScaleRounding() {
        assertThat(clean(CLEANER.clean(raw(0, "amount", " 0 "))).get("amount")).isEqualTo(new BigDecimal("0.00"));
        assertThat(rejected(CLEANER.clean(raw(0, "amount", "-0.001"))).reason())
                .as("the range sees the value as sent, not rounded to 0.00").isEqualTo("below minimum 0");
        assertThat(clean(CLEANER.clean(raw(0, "temperature", "98.6"))).get("temperature"))
                .as("converted, then rounded to scale 1").isEqualTo(new BigDecimal("37.0"));
    }

    @Test
    void typedRulesOnStringsSeeTheTrimmedText() {
        SourceDefinition codes = new SourceDefinition(new SourceName("s"), "S", "", InputFormat.CSV, List.of(
                FieldSpec.of("at", FieldType.TIMESTAMP, true),
                FieldSpec.of("code", FieldType.STRING, true, new CleaningRule.Trim(), CleaningRule.Matches.regex("[A-Z]{3}"))),
                "at", List.of(), 1, List.of());
        Cleaner cleaner = new Cleaner(codes);

        assertThat(clean(cleaner.clean(new RawRecord(new RecordPosition(0), Map.of("at", AT, "code", " ABC ")))).get("code"))
                .isEqualTo("ABC");
        assertThat(rejected(cleaner.clean(new RawRecord(new RecordPosition(0), Map.of("at", AT, "code", "abc")))).reason())
                .isEqualTo("does not match pattern [A-Z]{3}");
    }

    // --- dedupe within a batch

    @Test
    void rejectsARepeatedDedupeKeyNamingTheFirstRecord() {
        Cleaner cleaner = new Cleaner(orders(List.of("id")));

        List<CleaningOutcome> outcomes = cleaner.cleanAll(List.of(
                raw(0, "order.id", "A"), raw(1, "order.id", "B"), raw(2, "order.id", " A ")));

        clean(outcomes.get(0));
        clean(outcomes.get(1));
        CleaningOutcome.Rejected dup = rejected(outcomes.get(2));
        assertThat(dup.field()).isNull();
        assertThat(dup.reason()).isEqualTo("duplicate of record 1 (same id)");
        assertThat(dup.position()).isEqualTo(new RecordPosition(2));
        assertThat(dup.describe()).isEqualTo("record 3: duplicate of record 1 (same id)");
    }

    @Test
    void dedupeComparesTypedValuesOfEveryKeyField() {
        Cleaner cleaner = new Cleaner(orders(List.of("id", "amount")));

        List<CleaningOutcome> outcomes = cleaner.cleanAll(List.of(
                raw(0, "order.id", "A", "amount", "1.5"),
                raw(1, "order.id", "A", "amount", "2"),
                raw(2, "order.id", "A", "amount", "1.50"),
                raw(3, "order.id", "A", "amount", "2.001")));

        assertThat(outcomes.get(0)).isInstanceOf(CleaningOutcome.Clean.class);
        assertThat(outcomes.get(1)).isInstanceOf(CleaningOutcome.Clean.class);
        assertThat(rejected(outcomes.get(2)).reason()).isEqualTo("duplicate of record 1 (same id, amount)");
        assertThat(rejected(outcomes.get(3)).reason()).as("rounded to scale 2 first")
                .isEqualTo("duplicate of record 2 (same id, amount)");
    }

    @Test
    void aRejectedRecordDoesNotClaimItsKey() {
        Cleaner cleaner = new Cleaner(orders(List.of("id")));

        List<CleaningOutcome> outcomes = cleaner.cleanAll(List.of(
                raw(0, "order.id", "A", "amount", "-5"), raw(1, "order.id", "A"), raw(2, "order.id", "A")));

        assertThat(rejected(outcomes.get(0)).reason()).isEqualTo("below minimum 0");
        clean(outcomes.get(1));
        assertThat(rejected(outcomes.get(2)).reason()).isEqualTo("duplicate of record 2 (same id)");
    }

    @Test
    void withoutADedupeKeyRepeatsAreKept() {
        List<CleaningOutcome> outcomes = CLEANER.cleanAll(List.of(raw(0, "order.id", "A"), raw(1, "order.id", "A")));

        assertThat(outcomes).allMatch(o -> o instanceof CleaningOutcome.Clean);
    }

    @Test
    void dedupeIsPerBatch() {
        Cleaner cleaner = new Cleaner(orders(List.of("id")));

        cleaner.cleanAll(List.of(raw(0, "order.id", "A")));
        List<CleaningOutcome> next = cleaner.cleanAll(List.of(raw(0, "order.id", "A")));

        assertThat(next.get(0)).isInstanceOf(CleaningOutcome.Clean.class);
    }

    @Test
    void anEmptyBatchHasNoOutcomes() {
        assertThat(CLEANER.cleanAll(List.of())).isEmpty();
    }

    // --- nothing dropped

    @Property
    void everyRecordComesOutInOrder(@ForAll("batches") List<RawRecord> batch) {
        List<CleaningOutcome> outcomes = new Cleaner(orders(List.of("id"))).cleanAll(batch);

        assertThat(outcomes).hasSameSizeAs(batch);
        for (int i = 0; i < batch.size(); i++) {
            assertThat(outcomes.get(i).position()).isEqualTo(batch.get(i).position());
        }
    }

    @Property
    void cleanRecordsHaveDistinctKeysAndEveryTypedField(@ForAll("batches") List<RawRecord> batch) {
        List<CleanRecord> clean = new Cleaner(orders(List.of("id"))).cleanAll(batch).stream()
                .filter(o -> o instanceof CleaningOutcome.Clean).map(o -> ((CleaningOutcome.Clean) o).record()).toList();

        assertThat(clean).extracting(r -> r.get("id")).doesNotHaveDuplicates();
        assertThat(clean).allSatisfy(r -> {
            assertThat(r.get("id")).isInstanceOf(String.class);
            assertThat(r.get("amount")).isInstanceOfSatisfying(BigDecimal.class, a -> assertThat(a.scale()).isEqualTo(2));
            assertThat(r.eventTime()).isEqualTo(r.get("at"));
        });
    }

    @Provide
    Arbitrary<List<RawRecord>> batches() {
        Arbitrary<String> ids = Arbitraries.of("A", " A", "B", "", "  ", null);
        Arbitrary<String> amounts = Arbitraries.of("1", "1.005", "-1", "x", "", null);
        Arbitrary<String> quantities = Arbitraries.of("1", "1.5", null);
        Arbitrary<String> times = Arbitraries.of(AT, "2024-03-05", "1709622489", null);
        Arbitrary<String> currencies = Arbitraries.of("eur", "GBP", " usd ", null);
        Arbitrary<Map<String, String>> values = net.jqwik.api.Combinators.combine(ids, amounts, quantities, times, currencies)
                .as((id, amount, quantity, at, currency) -> {
                    Map<String, String> m = new HashMap<>();
                    putIfPresent(m, "order.id", id);
                    putIfPresent(m, "amount", amount);
                    putIfPresent(m, "quantity", quantity);
                    putIfPresent(m, "at", at);
                    putIfPresent(m, "currency", currency);
                    return m;
                });
        return values.list().ofMaxSize(30).map(list -> {
            List<RawRecord> records = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                records.add(new RawRecord(new RecordPosition(i), list.get(i)));
            }
            return records;
        });
    }

    private static void putIfPresent(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
