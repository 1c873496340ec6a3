package dev.tributary.domain.source;

import java.util.Objects;

/**
 * Which definition of a source is meant: {@code id} is a short fingerprint of its content, so any change of a field,
 * rule or aggregation gives a new version without anyone remembering to bump a number, and a change of comments or
 * layout gives none. {@code canonical} is that content as canonical JSON (keys sorted), what replay and
 * {@code sources validate} compare.
 */
public record DefinitionVersion(String id, String canonical) {
    public DefinitionVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(canonical, "canonical");
        if (!id.matches("[0-9a-f]{12}")) {
            throw new IllegalArgumentException("a definition version is 12 lower-case hex digits: " + id);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
