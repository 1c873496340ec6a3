package dev.tributary.domain.source;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Objects;
import java.util.Optional;

/**
 * How a timestamp field is written by its producer: {@code iso} (ISO-8601, offset optional), {@code epoch_millis},
 * {@code epoch_seconds}, or a {@link DateTimeFormatter} pattern; {@code zone} applies when the text has no offset.
 */
public record TimestampFormat(String pattern, ZoneId zone) {
    public static final String ISO = "iso";
    public static final String EPOCH_MILLIS = "epoch_millis";
    public static final String EPOCH_SECONDS = "epoch_seconds";
    public static final TimestampFormat ISO_UTC = new TimestampFormat(ISO, ZoneId.of("UTC"));
    private static final int[] NANO_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    public TimestampFormat {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(zone, "zone");
        if (!pattern.equals(ISO) && !pattern.equals(EPOCH_MILLIS) && !pattern.equals(EPOCH_SECONDS)) {
            DateTimeFormatter.ofPattern(pattern); // throws IllegalArgumentException naming the bad pattern
        }
    }

    /** Parses {@code text}; empty when it does not follow this format. */
    public Optional<Instant> parse(String text) {
        try {
            return Optional.of(switch (pattern) {
                case EPOCH_MILLIS -> Instant.ofEpochMilli(Long.parseLong(text));
                case EPOCH_SECONDS -> Instant.ofEpochSecond(Long.parseLong(text));
                case ISO -> parseIso(text);
                default -> parseWith(DateTimeFormatter.ofPattern(pattern), text);
            });
        } catch (NumberFormatException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private Instant parseIso(String text) {
        Instant plain = parsePlainUtc(text);
        if (plain != null) {
            return plain;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException noOffset) {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        }
    }

    /**
     * The instant of a plain UTC ISO-8601 timestamp: {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1 to 9
     * digits, then {@code Z} (what {@link Instant#toString()} writes for the years 0000 to 9999); null for any other
     * text, which then takes the general parsers. {@link Instant#parse} and {@code OffsetDateTime.parse} return this
     * same instant for every text it accepts: this only skips their general formatter, which was the top frame of
     * transforming and staging a batch.
     */
    public static Instant parsePlainUtc(CharSequence text) {
        int n = text.length();
        if (n < 20 || n == 21 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z'
                || n > 20 && text.charAt(19) != '.') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int fraction = n > 20 ? digits(text, 20, n - 21) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
            return null;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, n > 20 ? fraction * NANO_SCALE[n - 21] : 0);
    }

    /** The decimal value of {@code length} ASCII digits from {@code from}, or -1 if one is not a digit. */
    private static int digits(CharSequence text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private Instant parseWith(DateTimeFormatter formatter, String text) {
        // a date-only pattern means the start of that day in the zone, as a date-only ISO text does
        TemporalAccessor parsed = formatter.withZone(zone).parseBest(text, Instant::from, LocalDate::from);
        return parsed instanceof LocalDate day ? day.atStartOfDay(zone).toInstant() : (Instant) parsed;
    }
}
