package dev.tributary.domain.source;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampFormatTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void isoWithZ() {
        assertThat(TimestampFormat.ISO_UTC.parse("2024-03-05T07:08:09Z")).contains(Instant.parse("2024-03-05T07:08:09Z"));
    }

    @Test
    void isoWithFractionAndOffsetIgnoresTheConfiguredZone() {
        TimestampFormat berlin = new TimestampFormat(TimestampFormat.ISO, BERLIN);

        assertThat(berlin.parse("2024-03-05T07:08:09.123456789+02:00"))
                .contains(Instant.parse("2024-03-05T05:08:09.123456789Z"));
        assertThat(berlin.parse("2024-03-05T07:08:09-05:30")).contains(Instant.parse("2024-03-05T12:38:09Z"));
    }

    @Test
    void isoWithoutSecondsIsAccepted() {
        assertThat(TimestampFormat.ISO_UTC.parse("2024-03-05T07:08Z")).contains(Instant.parse("2024-03-05T07:08:00Z"));
        assertThat(TimestampFormat.ISO_UTC.parse("2024-03-05T07:08")).contains(Instant.parse("2024-03-05T07:08:00Z"));
    }

    @Test
    void isoWithoutOffsetUsesTheConfiguredZone() {
        assertThat(TimestampFormat.ISO_UTC.parse("2024-03-05T07:08:09")).contains(Instant.parse("2024-03-05T07:08:09Z"));
        TimestampFormat berlin = new TimestampFormat(TimestampFormat.ISO, BERLIN);
        assertThat(berlin.parse("2024-01-15T12:00:00")).contains(Instant.parse("2024-01-15T11:00:00Z"));
        assertThat(berlin.parse("2024-07-15T12:00:00")).as("summer time").contains(Instant.parse("2024-07-15T10:00:00Z"));
    }

    @Test
    void isoDateOnlyIsStartOfDayInTheConfiguredZone() {
        assertThat(TimestampFormat.ISO_UTC.parse("2024-03-05")).contains(Instant.parse("2024-03-05T00:00:00Z"));
        assertThat(new TimestampFormat(TimestampFormat.ISO, NEW_YORK).parse("2024-03-05"))
                .contains(Instant.parse("2024-03-05T05:00:00Z"));
    }

    @Test
    void epochMillis() {
        TimestampFormat millis = new TimestampFormat(TimestampFormat.EPOCH_MILLIS, BERLIN);

        assertThat(millis.parse("1709622489123")).contains(Instant.parse("2024-03-05T07:08:09.123Z"));
        assertThat(millis.parse("0")).contains(Instant.EPOCH);
        assertThat(millis.parse("-1000")).contains(Instant.parse("1969-12-31T23:59:59Z"));
    }

    @Test
    void epochSeconds() {
        TimestampFormat seconds = new TimestampFormat(TimestampFormat.EPOCH_SECONDS, BERLIN);

        assertThat(seconds.parse("1709622489")).contains(Instant.parse("2024-03-05T07:08:09Z"));
    }

    @Test
    void epochRefusesFractionsAndOverflow() {
        TimestampFormat seconds = new TimestampFormat(TimestampFormat.EPOCH_SECONDS, BERLIN);
        TimestampFormat millis = new TimestampFormat(TimestampFormat.EPOCH_MILLIS, BERLIN);

        assertThat(seconds.parse("1709622489.5")).isEmpty();
        assertThat(seconds.parse(Long.toString(Long.MAX_VALUE))).isEmpty();
        assertThat(millis.parse("99999999999999999999")).isEmpty();
        assertThat(millis.parse("2024-03-05T07:08:09Z")).isEmpty();
    }

    @Property
    void epochMillisReadsEveryInstant(@ForAll @LongRange(min = -62_135_596_800_000L, max = 253_402_300_799_999L) long ms) {
        assertThat(new TimestampFormat(TimestampFormat.EPOCH_MILLIS, BERLIN).parse(Long.toString(ms)))
                .contains(Instant.ofEpochMilli(ms));
    }

    @Property
    void isoReadsWhatInstantWrites(@ForAll @LongRange(min = 0, max = 253_402_300_799_999L) long ms) {
        Instant at = Instant.ofEpochMilli(ms);

        assertThat(TimestampFormat.ISO_UTC.parse(at.toString())).contains(at);
    }

    @Test
    void patternWithConfiguredZone() {
        TimestampFormat us = new TimestampFormat("MM/dd/yyyy HH:mm:ss", NEW_YORK);

        assertThat(us.parse("03/05/2024 07:08:09")).contains(Instant.parse("2024-03-05T12:08:09Z"));
        assertThat(us.parse("07/05/2024 07:08:09")).as("daylight saving").contains(Instant.parse("2024-07-05T11:08:09Z"));
    }

    @Test
    void patternWithAnOffsetInTheTextPrefersTheText() {
        TimestampFormat withOffset = new TimestampFormat("yyyy-MM-dd HH:mm XXX", NEW_YORK);

        assertThat(withOffset.parse("2024-03-05 07:08 +01:00")).contains(Instant.parse("2024-03-05T06:08:00Z"));
    }

    @Test
    void patternWithDateOnlyIsStartOfDayInTheConfiguredZone() {
        TimestampFormat german = new TimestampFormat("dd.MM.yyyy", BERLIN);

        assertThat(german.parse("05.03.2024")).contains(Instant.parse("2024-03-04T23:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "garbage", "2024-13-01", "2024-02-30", "2024-03-05T25:00:00Z", "05.03.2024",
            "2024-03-05T07:08:09+25:00", "2024/03/05", "1709622489", "20240305"})
    void isoGarbageIsEmpty(String text) {
        assertThat(TimestampFormat.ISO_UTC.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "2024-03-05", "32.03.2024", "05.03.24", "05.03.2024 extra"})
    void patternGarbageIsEmpty(String text) {
        assertThat(new TimestampFormat("dd.MM.yyyy", BERLIN).parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "12abc", "1e3", " "})
    void epochGarbageIsEmpty(String text) {
        assertThat(new TimestampFormat(TimestampFormat.EPOCH_MILLIS, BERLIN).parse(text)).isEmpty();
        assertThat(new TimestampFormat(TimestampFormat.EPOCH_SECONDS, BERLIN).parse(text)).isEmpty();
    }

    @Test
    void refusesAnInvalidPattern() {
        assertThatThrownBy(() -> new TimestampFormat("yyyy-MM-dd'T", BERLIN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimestampFormat("bogus {", BERLIN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNulls() {
        assertThatThrownBy(() -> new TimestampFormat(null, BERLIN)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TimestampFormat(TimestampFormat.ISO, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void isoUtcIsIsoInUtc() {
        assertThat(TimestampFormat.ISO_UTC).isEqualTo(new TimestampFormat("iso", ZoneId.of("UTC")));
    }

    @Property
    void plainUtcAgreesWithInstantToStringAndBothJdkParsers(
            @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nano, @ForAll @IntRange(min = 0, max = 9) int digits) {
        Instant at = Instant.ofEpochSecond(epochSecond, nano);
        String written = at.toString();
        String fraction = String.format(java.util.Locale.ROOT, "%09d", nano).substring(0, digits);
        String truncated = written.substring(0, 19) + (digits == 0 ? "" : "." + fraction) + "Z";

        for (String text : List.of(written, truncated)) {
            Instant expected = Instant.parse(text);
            assertThat(TimestampFormat.parsePlainUtc(text)).as(text).isEqualTo(expected)
                    .isEqualTo(OffsetDateTime.parse(text).toInstant());
            assertThat(TimestampFormat.ISO_UTC.parse(text)).contains(expected);
        }
    }

    @Property
    void plainUtcAcceptsNothingTheJdkParsersRefuseOrReadOtherwise(
            @ForAll("nearlyInstants") String text) {
        Instant plain = TimestampFormat.parsePlainUtc(text);

        if (plain != null) {
            assertThat(plain).as(text).isEqualTo(Instant.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    /** Instant texts with one or two characters replaced or removed: digits out of range, wrong separators, lengths. */
    @Provide
    Arbitrary<String> nearlyInstants() {
        Arbitrary<String> base = Arbitraries.of("2024-02-29T23:59:59.999999999Z", "2023-02-28T00:00:00Z",
                "2026-11-25T00:43:21.123Z", "0000-01-01T00:00:00.5Z", "9999-12-31T23:59:59.123456Z",
                "1900-02-28T12:30:45.1Z");
        Arbitrary<Character> replacement = Arbitraries.of('0', '1', '2', '3', '4', '5', '6', '9', '-', ':', 'T', 't',
                'Z', 'z', '.', '+', ' ');
        return Combinators.combine(base, Arbitraries.integers().between(0, 29), replacement,
                Arbitraries.integers().between(0, 29), replacement, Arbitraries.of(true, false)).as(
                (text, at1, c1, at2, c2, remove) -> {
                    StringBuilder b = new StringBuilder(text);
                    b.setCharAt(Math.min(at1, b.length() - 1), c1);
                    if (remove) {
                        b.deleteCharAt(Math.min(at2, b.length() - 1));
                    } else {
                        b.setCharAt(Math.min(at2, b.length() - 1), c2);
                    }
                    return b.toString();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-03-05T24:00:00Z",
            "2016-12-31T23:59:60Z", "2024-03-05t07:08:09Z", "2024-03-05T07:08:09z", "2024-03-05T07:08Z",
            "+12024-03-05T07:08:09Z", "2024-03-05T07:08:09.Z", "2024-03-05T07:08:09.1234567890Z",
            "2024-03-05T07:08:09+00:00"})
    void plainUtcLeavesEveryOtherShapeToTheJdkParsers(String text) {
        assertThat(TimestampFormat.parsePlainUtc(text)).isNull();
    }
}
