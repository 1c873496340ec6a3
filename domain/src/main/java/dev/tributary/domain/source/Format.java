package dev.tributary.domain.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a lake object's bytes are laid out. Sources post {@link #isInput() input formats}; the transformed and
 * quarantine zones hold NDJSON and the staged zone Parquet.
 */
public enum Format {
    JSON("json", "application/json", true),
    NDJSON("ndjson", "application/x-ndjson", true),
    CSV("csv", "text/csv", true),
    PARQUET("parquet", "application/vnd.apache.parquet", false);

    private final String extension;
    private final String contentType;
    private final boolean input;

    Format(String extension, String contentType, boolean input) {
        this.extension = extension;
        this.contentType = contentType;
        this.input = input;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** True for the formats a source may post: json, ndjson, csv. */
    public boolean isInput() {
        return input;
    }

    public static Optional<Format> fromExtension(String extension) {
        return Arrays.stream(values()).filter(f -> f.extension.equals(extension)).findFirst();
    }

    /** Parses the name used in source YAML (case-insensitive). */
    public static Optional<Format> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return fromExtension(name.trim().toLowerCase(Locale.ROOT));
    }
}
