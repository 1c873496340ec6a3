package dev.tributary.adapters.formats.codec;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes an instant as {@link Instant#toString()} does, into a char buffer: for the years 0000 to 9999
 * {@code yyyy-MM-ddTHH:mm:ss}, then the fraction in groups of three digits as needed, then {@code Z}. Instant's own
 * formatter was a tenth of transforming a batch; other years are left to it.
 */
final class IsoInstants {
    static final int MAX_LENGTH = 30;
    private static final long SECONDS_0000_TO_1970 = 62_167_219_200L;
    private static final long SECONDS_1970_TO_10000 = 253_402_300_800L;

    private IsoInstants() {
    }

    /** The length written into {@code into} (at least {@link #MAX_LENGTH} chars), or -1 outside the years 0000-9999. */
    static int write(Instant at, char[] into) {
        long seconds = at.getEpochSecond();
        if (seconds < -SECONDS_0000_TO_1970 || seconds >= SECONDS_1970_TO_10000) {
            return -1;
        }
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        digits(into, 0, day.getYear(), 4);
        into[4] = '-';
        digits(into, 5, day.getMonthValue(), 2);
        into[7] = '-';
        digits(into, 8, day.getDayOfMonth(), 2);
        into[10] = 'T';
        digits(into, 11, secondOfDay / 3_600, 2);
        into[13] = ':';
        digits(into, 14, secondOfDay / 60 % 60, 2);
        into[16] = ':';
        digits(into, 17, secondOfDay % 60, 2);
        int at19 = 19;
        int nano = at.getNano();
        if (nano > 0) {
            into[at19++] = '.';
            if (nano % 1_000_000 == 0) {
                at19 = digits(into, at19, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                at19 = digits(into, at19, nano / 1_000, 6);
            } else {
                at19 = digits(into, at19, nano, 9);
            }
        }
        into[at19] = 'Z';
        return at19 + 1;
    }

    /** Writes {@code value} zero-padded to {@code width} digits at {@code from}; the index after them. */
    private static int digits(char[] into, int from, int value, int width) {
        for (int i = from + width - 1; i >= from; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return from + width;
    }
}
