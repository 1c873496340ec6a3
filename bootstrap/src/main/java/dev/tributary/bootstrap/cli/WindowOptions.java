package dev.tributary.bootstrap.cli;

import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A window of receive times (a picocli mixin) for the commands that work on a source's history: {@code --from} and
 * {@code --to}, each an instant or a date; a date in {@code --to} counts whole.
 */
final class WindowOptions {

    @Option(names = "--from", description = "Only batches received at or after this instant or date (e.g. 2026-12-04 or 2026-12-04T10:00:00Z).")
    String from;

    @Option(names = "--to", description = "Only batches received before this instant, or on or before this date.")
    String to;

    Optional<Instant> from() {
        return Optional.ofNullable(from).map(text -> instant(text, false));
    }

    Optional<Instant> to() {
        return Optional.ofNullable(to).map(text -> instant(text, true));
    }

    /** An instant, or a date: its start (for --from) or the start of the next day (for --to, so the date counts). */
    private static Instant instant(String text, boolean end) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                LocalDate date = LocalDate.parse(text);
                return (end ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is neither a date (2026-12-04) nor an instant "
                        + "(2026-12-04T10:00:00Z)", e);
            }
        }
    }
}
