package dev.tributary.domain.source;

import java.util.Locale;

/**
 * What happens to input fields a source does not declare (schema evolution without silent loss): they are always
 * counted per source and field name; {@link #IGNORE} (the default) does nothing else, {@link #QUARANTINE} sets the
 * record aside with a reason naming them, so a producer's new columns are seen before they are dropped, and
 * {@link #KEEP} carries them with the clean record into the transformed and staged zones as one map of input name to
 * text ({@link dev.tributary.domain.rules.StagedSchema#UNKNOWN_FIELDS_COLUMN}), so a later version can declare them
 * and replay them into columns, and Athena can read them meanwhile.
 */
public enum UnknownFieldPolicy {
    IGNORE, QUARANTINE, KEEP;

    /** As written in the YAML: {@code ignore}, {@code quarantine}, {@code keep}. */
    public String yaml() {
        return name().toLowerCase(Locale.ROOT);
    }
}
