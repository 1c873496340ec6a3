package dev.tributary.domain.access;

import java.util.Locale;

/**
 * What a key lets its holder do (invariant 9). An operator may also read; an ingest key reaches only its own source
 * and nothing else.
 */
public enum Right {
    /** Post batches to one source's ingest route. */
    INGEST,
    /** Read the client API: aggregates, status, quarantine, lineage, the live feed. */
    READ,
    /** Everything {@link #READ} allows, plus the actions that change the pipeline: redrive and replay. */
    OPERATOR;

    /** Whether holding this right is enough for an action that needs {@code needed}. */
    public boolean covers(Right needed) {
        return this == needed || (this == OPERATOR && needed == READ);
    }

    /** The lower-case name used in key files, roles and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Right ofLabel(String label) {
        for (Right right : values()) {
            if (right.label().equals(label)) {
                return right;
            }
        }
        throw new IllegalArgumentException("unknown right '" + label + "': expected ingest, read or operator");
    }
}
