package dev.tributary.domain.source;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
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
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException noOffset) {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        }
    }

    private Instant parseWith(DateTimeFormatter formatter, String text) {
        // a date-only pattern means the start of that day in the zone, as a date-only ISO text does
        TemporalAccessor parsed = formatter.withZone(zone).parseBest(text, Instant::from, LocalDate::from);
        return parsed instanceof LocalDate day ? day.atStartOfDay(zone).toInstant() : (Instant) parsed;
    }
}
