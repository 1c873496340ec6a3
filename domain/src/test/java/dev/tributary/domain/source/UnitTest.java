package dev.tributary.domain.source;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitTest {

    @ParameterizedTest(name = "{0} {1} = {3} {2}")
    @CsvSource({
            "212, FAHRENHEIT, CELSIUS, 100",
            "32, FAHRENHEIT, CELSIUS, 0",
            "-40, FAHRENHEIT, CELSIUS, -40",
            "100, CELSIUS, FAHRENHEIT, 212",
            "0, CELSIUS, KELVIN, 273.15",
            "0, KELVIN, CELSIUS, -273.15",
            "0, KELVIN, FAHRENHEIT, -459.67",
            "1, POUND, KILOGRAM, 0.45359237",
            "1, KILOGRAM, GRAM, 1000",
            "1, OUNCE, GRAM, 28.349523125",
            "16, OUNCE, POUND, 1",
            "1, MILE, KILOMETER, 1.609344",
            "1, FOOT, METER, 0.3048",
            "5280, FOOT, MILE, 1",
            "36, KILOMETER_PER_HOUR, METER_PER_SECOND, 10",
            "100, MILE_PER_HOUR, METER_PER_SECOND, 44.704",
            "1500, MILLISECOND, SECOND, 1.5",
            "2, HOUR, MINUTE, 120",
            "1, HOUR, SECOND, 3600",
            "250, CENT, UNIT, 2.5",
            "3, UNIT, CENT, 300",
            "1, MEGABYTE, KILOBYTE, 1000",
            "1, KILOBYTE, BYTE, 1000",
    })
    void converts(BigDecimal value, Unit from, Unit to, BigDecimal expected) {
        BigDecimal converted = from.convert(value, to);

        assertThat(converted.setScale(10, RoundingMode.HALF_UP)).isEqualByComparingTo(expected);
    }

    @Test
    void fahrenheitBoilingPointIsExactlyHundredCelsiusAtFourDigits() {
        assertThat(Unit.FAHRENHEIT.convert(new BigDecimal("212"), Unit.CELSIUS).setScale(4, RoundingMode.HALF_UP))
                .isEqualTo(new BigDecimal("100.0000"));
    }

    @Test
    void poundIsExactlyTheInternationalPound() {
        assertThat(Unit.POUND.convert(BigDecimal.ONE, Unit.KILOGRAM)).isEqualByComparingTo("0.45359237");
    }

    @Test
    void sameUnitReturnsTheValueUnchanged() {
        BigDecimal value = new BigDecimal("12.3400");

        assertThat(Unit.CELSIUS.convert(value, Unit.CELSIUS)).isSameAs(value);
    }

    @Test
    void refusesConversionAcrossDimensions() {
        assertThatThrownBy(() -> Unit.CELSIUS.convert(BigDecimal.ONE, Unit.KILOGRAM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature").hasMessageContaining("mass");
    }

    @Test
    void everyDimensionHasAUnitWithFactorOneAndNoOffset() {
        Arrays.stream(Unit.values()).map(Unit::dimension).distinct().forEach(dimension ->
                assertThat(Arrays.stream(Unit.values()).filter(u -> u.dimension().equals(dimension))
                        .anyMatch(u -> u.convert(BigDecimal.ONE, u).compareTo(BigDecimal.ONE) == 0))
                        .isTrue());
    }

    @ParameterizedTest
    @CsvSource({"celsius, CELSIUS", "mile_per_hour, MILE_PER_HOUR", " KILOMETER ,KILOMETER", "Cent, CENT"})
    void parsesYamlNames(String name, Unit expected) {
        assertThat(Unit.fromName(name)).contains(expected);
    }

    @Test
    void unknownNamesAreEmpty() {
        assertThat(Unit.fromName(null)).isEmpty();
        assertThat(Unit.fromName("")).isEmpty();
        assertThat(Unit.fromName("furlong")).isEmpty();
        assertThat(Unit.fromName("mile-per-hour")).isEmpty();
    }

    @Property
    void roundTripKeepsTheValueAtTheStagedScale(@ForAll("sameDimension") List<Unit> pair,
                                                 @ForAll @BigRange(min = "-1000000", max = "1000000") @Scale(4)
                                                 BigDecimal value) {
        BigDecimal there = pair.get(0).convert(value, pair.get(1));
        BigDecimal back = pair.get(1).convert(there, pair.get(0));

        assertThat(back.setScale(4, RoundingMode.HALF_UP)).isEqualByComparingTo(value);
    }

    @Property
    void conversionIsLinear(@ForAll("sameDimension") List<Unit> pair,
                            @ForAll @BigRange(min = "-1000", max = "1000") @Scale(2) BigDecimal a,
                            @ForAll @BigRange(min = "-1000", max = "1000") @Scale(2) BigDecimal b) {
        Unit from = pair.get(0);
        Unit to = pair.get(1);
        BigDecimal zero = from.convert(BigDecimal.ZERO, to);
        // f(a + b) - f(0) = (f(a) - f(0)) + (f(b) - f(0))
        BigDecimal left = from.convert(a.add(b), to).subtract(zero);
        BigDecimal right = from.convert(a, to).subtract(zero).add(from.convert(b, to).subtract(zero));

        // Conversions compute with 16 significant digits (DECIMAL64), so the error is relative to the magnitudes
        // involved (hours in milliseconds reach ~1e10): allow 1e-14 of them; a non-linear conversion is off by far more.
        BigDecimal magnitude = from.convert(a.add(b), to).abs().add(from.convert(a, to).abs())
                .add(from.convert(b, to).abs()).add(zero.abs()).add(BigDecimal.ONE);
        assertThat(left.subtract(right).abs()).isLessThan(magnitude.multiply(new BigDecimal("1e-14")));
    }

    @Provide
    Arbitrary<List<Unit>> sameDimension() {
        return Arbitraries.of(Unit.values()).flatMap(from -> Arbitraries.of(Arrays.stream(Unit.values())
                .filter(u -> u.dimension().equals(from.dimension())).toList()).map(to -> List.of(from, to)));
    }
}
