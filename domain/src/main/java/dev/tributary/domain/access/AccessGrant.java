package dev.tributary.domain.access;

import dev.tributary.domain.source.SourceName;

import java.util.Objects;
import java.util.Optional;

/**
 * What one key grants: a {@link Right}, for ingest the one source it may post to, and a label that names the key to
 * people (who holds it, when it was made) without revealing it.
 */
public record AccessGrant(Right right, Optional<SourceName> source, String label) {

    public AccessGrant {
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(label, "label");
        if (right == Right.INGEST && source.isEmpty()) {
            throw new IllegalArgumentException("an ingest key belongs to one source");
        }
        if (right != Right.INGEST && source.isPresent()) {
            throw new IllegalArgumentException("a " + right.label() + " key is not tied to a source");
        }
        if (!label.matches("[A-Za-z0-9_.:@-]{1,80}")) {
            throw new IllegalArgumentException("a key label is 1-80 letters, digits or _.:@-, got '" + label + "'");
        }
    }

    public static AccessGrant ingest(SourceName source, String label) {
        return new AccessGrant(Right.INGEST, Optional.of(source), label);
    }

    public static AccessGrant of(Right right, String label) {
        return new AccessGrant(right, Optional.empty(), label);
    }

    /** Whether this key may post to {@code target}. */
    public boolean mayIngest(SourceName target) {
        return right == Right.INGEST && source.orElseThrow().equals(target);
    }

    /** Whether this key may do what needs {@code needed} outside ingest (read, operate). */
    public boolean mayUse(Right needed) {
        return needed != Right.INGEST && right.covers(needed);
    }
}
