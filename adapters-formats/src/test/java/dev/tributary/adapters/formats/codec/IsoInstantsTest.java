package dev.tributary.adapters.formats.codec;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantsTest {
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private static String written(Instant at) {
        char[] into = new char[IsoInstants.MAX_LENGTH];
        int length = IsoInstants.write(at, into);
        return length < 0 ? null : new String(into, 0, length);
    }

    @Test
    void writesWhatInstantToStringWritesForEveryFractionShape() {
        Random random = new Random(6);
        int[] nanos = {0, 1, 999_999_999, 500_000_000, 123_000_000, 123_456_000, 123_456_789, 1_000, 1_000_000};
        for (int i = 0; i < 200_000; i++) {
            long second = FIRST + (long) (random.nextDouble() * (LAST - FIRST + 1));
            int nano = i % 2 == 0 ? nanos[i / 2 % nanos.length] : random.nextInt(1_000_000_000)
                    / (int) Math.pow(10, random.nextInt(3) * 3) * (int) Math.pow(10, random.nextInt(3) * 3);
            Instant at = Instant.ofEpochSecond(second, nano);

            assertThat(written(at)).as("%s", at).isEqualTo(at.toString());
        }
    }

    @Test
    void writesTheEdgesOfTheRangeAndLeavesOtherYearsToInstant() {
        assertThat(written(Instant.ofEpochSecond(FIRST))).isEqualTo("0000-01-01T00:00:00Z");
        assertThat(written(Instant.ofEpochSecond(LAST, 999_999_999))).isEqualTo("9999-12-31T23:59:59.999999999Z");
        assertThat(written(Instant.EPOCH.minusNanos(1))).isEqualTo("1969-12-31T23:59:59.999999999Z");
        assertThat(written(Instant.ofEpochSecond(FIRST - 1))).isNull();
        assertThat(written(Instant.ofEpochSecond(LAST + 1))).isNull();
    }
}
