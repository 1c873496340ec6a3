package dev.tributary.domain.lake;

import dev.tributary.domain.source.Format;

import java.util.Arrays;
import java.util.Optional;

/** The lake's zones; each is a bucket on AWS (quarantine is a prefix) and a folder locally. */
public enum Zone {
    RAW("raw", null),
    TRANSFORMED("transformed", Format.NDJSON),
    STAGED("staged", Format.PARQUET),
    QUARANTINE("quarantine", Format.NDJSON);

    private final String prefix;
    private final Format fixedFormat;

    Zone(String prefix, Format fixedFormat) {
        this.prefix = prefix;
        this.fixedFormat = fixedFormat;
    }

    /** The first path segment of every key in this zone. */
    public String prefix() {
        return prefix;
    }

    /** The format every object of this zone has; empty for raw, which keeps the source's format. */
    public Optional<Format> fixedFormat() {
        return Optional.ofNullable(fixedFormat);
    }

    public static Optional<Zone> fromPrefix(String prefix) {
        return Arrays.stream(values()).filter(z -> z.prefix.equals(prefix)).findFirst();
    }
}
