package dev.tributary.adapters.formats.catalog;

import java.util.Objects;

/**
 * One thing wrong with a source file, where a person fixes it: the file ({@code origin}), 1-based line and column,
 * and a sentence. Printed as {@code orders.yml:12:5: unknown key 'feilds'}.
 */
public record SourceProblem(String origin, int line, int column, String message) {
    public SourceProblem {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return origin + ":" + line + ":" + column + ": " + message;
    }
}
