package dev.tributary.domain.lake;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceName;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a batch's object lives in the lake. {@link #path()} is the one place the lake layout is written:
 * {@code <zone>/source=<name>/dt=<yyyy-MM-dd>/hour=<HH>/<batchId>.<ext>}, Hive-style so query engines read the
 * staged zone directly.
 */
public record ObjectKey(Zone zone, SourceName source, BatchId batch, ObjectFormat format) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH");
    private static final Pattern PATH = Pattern.compile(
            "([a-z]+)/source=([a-z][a-z0-9_]*)/dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/([0-9a-f-]{36})\\.([a-z]+)");

    public ObjectKey {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(format, "format");
        ObjectFormat fixed = zone.fixedFormat().orElse(null);
        if (fixed != null && fixed != format) {
            throw new IllegalArgumentException(zone + " objects are " + fixed + ", not " + format);
        }
        if (fixed == null && format.input().isEmpty()) {   // parse reads any extension: refuse a raw .parquet
            throw new IllegalArgumentException("raw objects keep an input format, not " + format);
        }
    }

    /** The raw object of a batch posted in {@code format}. */
    public static ObjectKey raw(SourceName source, BatchId batch, InputFormat format) {
        return new ObjectKey(Zone.RAW, source, batch, ObjectFormat.of(format));
    }

    /** The same batch's object in another zone. */
    public ObjectKey in(Zone other) {
        return new ObjectKey(other, source, batch, other.fixedFormat().orElse(format));
    }

    /** The lake path; partition day and hour come from the batch id's timestamp (UTC), never from the clock. */
    public String path() {
        ZonedDateTime at = batch.timestamp().atZone(ZoneOffset.UTC);
        return zone.prefix() + "/source=" + source.value() + "/dt=" + DAY.format(at) + "/hour=" + HOUR.format(at)
                + "/" + batch + "." + format.extension();
    }

    /** Parses a path written by {@link #path()}; refuses anything else, including a partition that does not match the id. */
    public static ObjectKey parse(String path) {
        Objects.requireNonNull(path, "path");
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a lake object path: '" + path + "'");
        }
        Zone zone = Zone.fromPrefix(m.group(1))
                .orElseThrow(() -> new IllegalArgumentException("unknown zone in path: '" + path + "'"));
        ObjectFormat format = ObjectFormat.fromExtension(m.group(6))
                .orElseThrow(() -> new IllegalArgumentException("unknown extension in path: '" + path + "'"));
        ObjectKey key = new ObjectKey(zone, new SourceName(m.group(2)), BatchId.parse(m.group(5)), format);
        if (!key.path().equals(path)) {
            throw new IllegalArgumentException("partition does not match the batch id's timestamp: '" + path + "'");
        }
        return key;
    }

    @Override
    public String toString() {
        return path();
    }
}
