package dev.tributary.domain.source;

import dev.tributary.domain.source.CleaningRule.Step;
import dev.tributary.domain.source.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CleaningRuleTest {

    private static Object kept(Step step) {
        assertThat(step).isInstanceOf(Step.Keep.class);
        return ((Step.Keep) step).value();
    }

    private static String rejected(Step step) {
        assertThat(step).isInstanceOf(Step.Reject.class);
        return ((Step.Reject) step).reason();
    }

    // --- phases and applicability

    @Test
    void textRulesRunBeforeTypingAndTypedRulesAfter() {
        assertThat(new CleaningRule.Trim().phase()).isEqualTo(CleaningRule.Phase.TEXT);
        assertThat(new CleaningRule.ChangeCase(true).phase()).isEqualTo(CleaningRule.Phase.TEXT);
        assertThat(new CleaningRule.DefaultValue("x").phase()).isEqualTo(CleaningRule.Phase.TEXT);
        assertThat(new CleaningRule.Range(BigDecimal.ZERO, null).phase()).isEqualTo(CleaningRule.Phase.TYPED);
        assertThat(CleaningRule.Matches.regex("a").phase()).isEqualTo(CleaningRule.Phase.TYPED);
        assertThat(new CleaningRule.OneOf(List.of("a")).phase()).isEqualTo(CleaningRule.Phase.TYPED);
        assertThat(new CleaningRule.ConvertUnit(Unit.CENT, Unit.UNIT).phase()).isEqualTo(CleaningRule.Phase.TYPED);
    }

    @ParameterizedTest
    @EnumSource(FieldType.class)
    void textRulesApplyToEveryType(FieldType type) {
        assertThat(new CleaningRule.Trim().checkApplicableTo(type)).isEmpty();
        assertThat(new CleaningRule.ChangeCase(false).checkApplicableTo(type)).isEmpty();
        assertThat(new CleaningRule.DefaultValue("1").checkApplicableTo(type)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FieldType.class)
    void typedRulesNameTheTypesTheyApplyTo(FieldType type) {
        assertThat(new CleaningRule.Range(BigDecimal.ZERO, null).checkApplicableTo(type).isEmpty())
                .isEqualTo(type == FieldType.INTEGER || type == FieldType.DECIMAL);
        assertThat(CleaningRule.Matches.regex("a").checkApplicableTo(type).isEmpty()).isEqualTo(type == FieldType.STRING);
        assertThat(new CleaningRule.OneOf(List.of("a")).checkApplicableTo(type).isEmpty()).isEqualTo(type == FieldType.STRING);
        assertThat(new CleaningRule.ConvertUnit(Unit.CENT, Unit.UNIT).checkApplicableTo(type).isEmpty())
                .isEqualTo(type == FieldType.DECIMAL);
    }

    @Test
    void inapplicableRuleSaysWhy() {
        assertThat(new CleaningRule.Range(BigDecimal.ZERO, null).checkApplicableTo(FieldType.STRING))
                .hasValueSatisfying(p -> assertThat(p).contains("range").contains("STRING"));
        assertThat(new CleaningRule.ConvertUnit(Unit.CENT, Unit.UNIT).checkApplicableTo(FieldType.INTEGER))
                .hasValueSatisfying(p -> assertThat(p).contains("unit conversion").contains("INTEGER"));
    }

    // --- trim

    @Test
    void trimRemovesSurroundingWhitespace() {
        assertThat(kept(new CleaningRule.Trim().apply("  a b  "))).isEqualTo("a b");
        assertThat(kept(new CleaningRule.Trim().apply("\t a \n\r"))).isEqualTo("a");
        assertThat(kept(new CleaningRule.Trim().apply("\u2003a\u2003"))).as("unicode em space").isEqualTo("a");
    }

    @Test
    void trimTurnsBlankIntoAbsent() {
        assertThat(kept(new CleaningRule.Trim().apply("   "))).isNull();
        assertThat(kept(new CleaningRule.Trim().apply(""))).isNull();
        assertThat(kept(new CleaningRule.Trim().apply(null))).isNull();
    }

    // --- change case

    @Test
    void changeCaseUpperAndLower() {
        assertThat(kept(new CleaningRule.ChangeCase(true).apply("de-Ab"))).isEqualTo("DE-AB");
        assertThat(kept(new CleaningRule.ChangeCase(false).apply("DE-Ab"))).isEqualTo("de-ab");
        assertThat(kept(new CleaningRule.ChangeCase(true).apply(null))).isNull();
        assertThat(kept(new CleaningRule.ChangeCase(true).apply(""))).isEqualTo("");
    }

    @Test
    void changeCaseIgnoresTheDefaultLocale() {
        Locale original = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));

            assertThat(kept(new CleaningRule.ChangeCase(true).apply("visa"))).isEqualTo("VISA");
            assertThat(kept(new CleaningRule.ChangeCase(false).apply("VISA"))).isEqualTo("visa");
        } finally {
            Locale.setDefault(original);
        }
    }

    // --- default value

    @Test
    void defaultValueFillsAbsentEmptyAndBlank() {
        CleaningRule.DefaultValue rule = new CleaningRule.DefaultValue("EUR");

        assertThat(kept(rule.apply(null))).isEqualTo("EUR");
        assertThat(kept(rule.apply(""))).isEqualTo("EUR");
        assertThat(kept(rule.apply("  \t"))).isEqualTo("EUR");
        assertThat(kept(rule.apply("USD"))).isEqualTo("USD");
        assertThat(kept(rule.apply(" USD "))).as("not trimmed").isEqualTo(" USD ");
    }

    @Test
    void defaultValueRefusesNull() {
        assertThatThrownBy(() -> new CleaningRule.DefaultValue(null)).isInstanceOf(NullPointerException.class);
    }

    // --- range

    @Test
    void rangeIsInclusiveOnBothEnds() {
        CleaningRule.Range rule = new CleaningRule.Range(new BigDecimal("0"), new BigDecimal("10.5"));

        assertThat(kept(rule.apply(new BigDecimal("0.00")))).isEqualTo(new BigDecimal("0.00"));
        assertThat(kept(rule.apply(new BigDecimal("10.5")))).isEqualTo(new BigDecimal("10.5"));
        assertThat(kept(rule.apply(10L))).isEqualTo(10L);
        assertThat(rejected(rule.apply(new BigDecimal("-0.0001")))).isEqualTo("below minimum 0");
        assertThat(rejected(rule.apply(11L))).isEqualTo("above maximum 10.5");
        assertThat(rejected(rule.apply(new BigDecimal("10.50001")))).isEqualTo("above maximum 10.5");
    }

    @Test
    void rangeMayBeOpenOnEitherSide() {
        CleaningRule.Range atLeast = new CleaningRule.Range(BigDecimal.ONE, null);
        CleaningRule.Range atMost = new CleaningRule.Range(null, BigDecimal.ONE);

        assertThat(kept(atLeast.apply(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(rejected(atLeast.apply(0L))).isEqualTo("below minimum 1");
        assertThat(kept(atMost.apply(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(rejected(atMost.apply(2L))).isEqualTo("above maximum 1");
    }

    @Test
    void rangeWithEqualBoundsAcceptsExactlyThatValue() {
        CleaningRule.Range rule = new CleaningRule.Range(new BigDecimal("5"), new BigDecimal("5.0"));

        assertThat(kept(rule.apply(5L))).isEqualTo(5L);
        assertThat(rule.apply(new BigDecimal("5.0001"))).isInstanceOf(Step.Reject.class);
    }

    @Test
    void rangeReasonWritesPlainNumbers() {
        CleaningRule.Range rule = new CleaningRule.Range(new BigDecimal("1E+3"), null);

        assertThat(rejected(rule.apply(1L))).isEqualTo("below minimum 1000");
    }

    @Test
    void rangeLetsAbsentValuesThrough() {
        assertThat(kept(new CleaningRule.Range(BigDecimal.ZERO, BigDecimal.ONE).apply(null))).isNull();
    }

    @Test
    void rangeRefusesNoBoundsAndInvertedBounds() {
        assertThatThrownBy(() -> new CleaningRule.Range(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CleaningRule.Range(BigDecimal.TEN, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above max");
    }

    // --- matches

    @Test
    void matchesTheWholeText() {
        CleaningRule.Matches rule = CleaningRule.Matches.regex("[A-Z]{2}");

        assertThat(kept(rule.apply("DE"))).isEqualTo("DE");
        assertThat(rejected(rule.apply("DEU"))).isEqualTo("does not match pattern [A-Z]{2}");
        assertThat(rule.apply("xDE")).isInstanceOf(Step.Reject.class);
        assertThat(rule.apply("")).isInstanceOf(Step.Reject.class);
        assertThat(kept(rule.apply(null))).isNull();
    }

    @Test
    void matchesComparesByPatternText() {
        assertThat(CleaningRule.Matches.regex("a+")).isEqualTo(CleaningRule.Matches.regex("a+"))
                .hasSameHashCodeAs(CleaningRule.Matches.regex("a+"));
        assertThat(CleaningRule.Matches.regex("a+")).isNotEqualTo(CleaningRule.Matches.regex("a*"));
    }

    @Test
    void matchesRefusesBadRegexAndNull() {
        assertThatThrownBy(() -> CleaningRule.Matches.regex("[")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CleaningRule.Matches(null)).isInstanceOf(NullPointerException.class);
    }

    // --- one of

    @Test
    void oneOfIsCaseSensitive() {
        CleaningRule.OneOf rule = new CleaningRule.OneOf(List.of("card", "cash"));

        assertThat(kept(rule.apply("cash"))).isEqualTo("cash");
        assertThat(rejected(rule.apply("CASH"))).isEqualTo("not one of card, cash");
        assertThat(rule.apply("")).isInstanceOf(Step.Reject.class);
        assertThat(kept(rule.apply(null))).isNull();
    }

    @Test
    void oneOfRefusesEmptyOrNullList() {
        assertThatThrownBy(() -> new CleaningRule.OneOf(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CleaningRule.OneOf(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void oneOfCopiesItsList() {
        java.util.ArrayList<String> allowed = new java.util.ArrayList<>(List.of("a"));
        CleaningRule.OneOf rule = new CleaningRule.OneOf(allowed);

        allowed.add("b");

        assertThat(rule.apply("b")).isInstanceOf(Step.Reject.class);
    }

    // --- convert unit

    @Test
    void convertUnitConverts() {
        CleaningRule.ConvertUnit rule = new CleaningRule.ConvertUnit(Unit.FAHRENHEIT, Unit.CELSIUS);

        assertThat((BigDecimal) kept(rule.apply(new BigDecimal("212")))).isEqualByComparingTo("100");
        assertThat(kept(rule.apply(null))).isNull();
    }

    @Test
    void convertUnitRefusesMixedDimensionsAndNulls() {
        assertThatThrownBy(() -> new CleaningRule.ConvertUnit(Unit.MILE, Unit.HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length").hasMessageContaining("duration");
        assertThatThrownBy(() -> new CleaningRule.ConvertUnit(null, Unit.HOUR)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CleaningRule.ConvertUnit(Unit.HOUR, null)).isInstanceOf(NullPointerException.class);
    }
}
