package dev.tributary.domain.lake;

import java.util.Arrays;
import java.util.Optional;

/** The lake's zones; each is a bucket on AWS (quarantine is a prefix) and a folder locally. */
public enum Zone {
    RAW("raw", null),
    TRANSFORMED("transformed", ObjectFormat.NDJSON),
    STAGED("staged", ObjectFormat.PARQUET),
    QUARANTINE("quarantine", ObjectFormat.NDJSON);

    private final String prefix;
    private final ObjectFormat fixedFormat;

    Zone(String prefix, ObjectFormat fixedFormat) {
        this.prefix = prefix;
        this.fixedFormat = fixedFormat;
    }

    /** The first path segment of every key in this zone. */
    public String prefix() {
        return prefix;
    }

    /** The format every object of this zone has; empty for raw, which keeps its batch's ({@link ObjectFormat#of}). */
    public Optional<ObjectFormat> fixedFormat() {
        return Optional.ofNullable(fixedFormat);
    }

    public static Optional<Zone> fromPrefix(String prefix) {
        return Arrays.stream(values()).filter(z -> z.prefix.equals(prefix)).findFirst();
    }
}
