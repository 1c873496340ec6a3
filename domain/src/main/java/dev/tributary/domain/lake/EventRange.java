package dev.tributary.domain.lake;

import dev.tributary.domain.record.CleanRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The earliest and the latest event time of a batch's clean records, both included. */
public record EventRange(Instant first, Instant last) {
    public EventRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("event range ends before it starts: " + first + " .. " + last);
        }
    }

    /** The range of the records' event times; empty when there are no records. */
    public static Optional<EventRange> of(List<CleanRecord> records) {
        Instant first = null;
        Instant last = null;
        for (CleanRecord r : records) {
            first = first == null || r.eventTime().isBefore(first) ? r.eventTime() : first;
            last = last == null || r.eventTime().isAfter(last) ? r.eventTime() : last;
        }
        return first == null ? Optional.empty() : Optional.of(new EventRange(first, last));
    }

    /** Whether some instant of this range lies in [from, to). */
    public boolean overlaps(Instant from, Instant to) {
        return first.isBefore(to) && !last.isBefore(from);
    }
}
