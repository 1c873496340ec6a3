package dev.tributary.domain.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a source posts (its YAML {@code format}) and so what its batches hold. Parquet is not one: it is a lake
 * format only, and a raw object's lake format is {@code ObjectFormat.of} the batch's input format.
 */
public enum InputFormat {
    JSON("json", "application/json"),
    NDJSON("ndjson", "application/x-ndjson"),
    CSV("csv", "text/csv");

    private final String extension;
    private final String contentType;

    InputFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The name in source YAML and queue messages, and the raw object's file extension. */
    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<InputFormat> fromExtension(String extension) {
        return Arrays.stream(values()).filter(f -> f.extension.equals(extension)).findFirst();
    }

    /** Parses the name used in source YAML (case-insensitive). */
    public static Optional<InputFormat> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return fromExtension(name.trim().toLowerCase(Locale.ROOT));
    }
}
