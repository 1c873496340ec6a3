package dev.tributary.domain.source;

import java.util.Objects;
import java.util.regex.Pattern;

/** A source's name: lower snake case, safe as a path segment, a URL segment and part of a SQL identifier. */
public record SourceName(String value) implements Comparable<SourceName> {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    public SourceName {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "source name must be lower snake case, 1-40 characters, starting with a letter: '" + value + "'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public int compareTo(SourceName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
