package dev.tributary.domain.lake;

import dev.tributary.domain.source.InputFormat;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a lake object's bytes are laid out: a raw object keeps its batch's {@link InputFormat} ({@link #of}), the
 * transformed and quarantine zones hold NDJSON and the staged zone Parquet ({@link Zone#fixedFormat()}).
 */
public enum ObjectFormat {
    JSON(InputFormat.JSON),
    NDJSON(InputFormat.NDJSON),
    CSV(InputFormat.CSV),
    PARQUET("parquet", "application/vnd.apache.parquet", null);

    private final String extension;
    private final String contentType;
    private final InputFormat input;

    ObjectFormat(InputFormat input) {
        this(input.extension(), input.contentType(), input);
    }

    ObjectFormat(String extension, String contentType, InputFormat input) {
        this.extension = extension;
        this.contentType = contentType;
        this.input = input;
    }

    /** The format of a raw object holding a batch posted in {@code input}: same extension and content type. */
    public static ObjectFormat of(InputFormat input) {
        return switch (input) {
            case JSON -> JSON;
            case NDJSON -> NDJSON;
            case CSV -> CSV;
        };
    }

    /** The input format whose bytes an object of this format holds as posted; empty for Parquet, which no source posts. */
    public Optional<InputFormat> input() {
        return Optional.ofNullable(input);
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<ObjectFormat> fromExtension(String extension) {
        return Arrays.stream(values()).filter(f -> f.extension.equals(extension)).findFirst();
    }
}
