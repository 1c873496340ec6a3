package dev.tributary.domain.lake;

import dev.tributary.domain.source.SourceName;

import java.time.Instant;
import java.util.Objects;

/** An input field a source does not declare, as counted over the batches applied: records, first and last seen. */
public record UnknownField(SourceName source, String field, long records, Instant firstSeen, Instant lastSeen) {
    public UnknownField {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /** This field's count together with more of the same source and field: records add, the seen times widen. */
    public UnknownField plus(UnknownField more) {
        return new UnknownField(source, field, records + more.records,
                firstSeen.isBefore(more.firstSeen) ? firstSeen : more.firstSeen,
                lastSeen.isAfter(more.lastSeen) ? lastSeen : more.lastSeen);
    }
}
