package dev.tributary.domain.rules;

import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;

import java.util.Objects;

/** What cleaning made of one record: clean and typed, or rejected with the field and reason (invariant 4). */
public sealed interface CleaningOutcome {

    RecordPosition position();

    record Clean(CleanRecord record) implements CleaningOutcome {
        public Clean {
            Objects.requireNonNull(record, "record");
        }

        public RecordPosition position() {
            return record.position();
        }
    }

    /** {@code field} is null when the reason concerns the whole record (e.g. a duplicate). */
    record Rejected(RecordPosition at, String field, String reason, RawRecord record) implements CleaningOutcome {
        public Rejected {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(record, "record");
        }

        public RecordPosition position() {
            return at;
        }

        /** A sentence for people: "record 3, field amount: below minimum 0". */
        public String describe() {
            return at + (field == null ? "" : ", field " + field) + ": " + reason;
        }
    }
}
