package dev.tributary.domain.source;

import java.util.Locale;

/**
 * What happens to input fields a source does not declare (schema evolution without silent loss): they are always
 * counted per source and field name; {@link #IGNORE} (the default) does nothing else, {@link #QUARANTINE} sets the
 * record aside with a reason naming them, so a producer's new columns are seen before they are dropped.
 */
public enum UnknownFieldPolicy {
    IGNORE, QUARANTINE;

    /** As written in the YAML: {@code ignore}, {@code quarantine}. */
    public String yaml() {
        return name().toLowerCase(Locale.ROOT);
    }
}
