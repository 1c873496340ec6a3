package dev.tributary.domain.lake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The input fields of one batch its source does not declare, each with the number of records that had it. Names come
 * from producers, so what travels with the batch is bounded: the {@value #MAX_NAMES} most frequent names, each cut to
 * {@value #MAX_NAME} characters with control characters and the separators of the metadata text replaced, so that a
 * hostile body cannot flood object metadata (S3 allows 2 KB) or the table the counts end in.
 */
public record UnknownFields(Map<String, Integer> records) {
    public static final int MAX_NAMES = 10;
    public static final int MAX_NAME = 64;
    public static final UnknownFields NONE = new UnknownFields(Map.of());

    public UnknownFields {
        records = Map.copyOf(Objects.requireNonNull(records, "records"));
    }

    /** Bounds and cleans what a decoder counted. */
    public static UnknownFields of(Map<String, Integer> counted) {
        Map<String, Integer> kept = new LinkedHashMap<>();
        counted.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> {
                    if (kept.size() < MAX_NAMES) {
                        kept.merge(clean(e.getKey()), e.getValue(), Math::max);
                    }
                });
        return new UnknownFields(kept);
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    /** {@code name=records} pairs joined by {@code ;}, names ordered: the metadata text. */
    public String toText() {
        return records.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    /** Reads {@link #toText}; an unreadable pair is left out. */
    public static UnknownFields parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, Integer> records = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            int eq = pair.lastIndexOf('=');
            if (eq > 0) {
                try {
                    records.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
                } catch (NumberFormatException ignored) {
                    // not ours: skip it rather than fail the batch over a count
                }
            }
        }
        return of(records);
    }

    private static String clean(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(MAX_NAME).forEach(c -> out.appendCodePoint(
                Character.isISOControl(c) || c == ';' || c == '=' ? '_' : c));
        return out.toString();
    }
}
