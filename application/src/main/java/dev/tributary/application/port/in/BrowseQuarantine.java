package dev.tributary.application.port.in;

import dev.tributary.application.refusal.InvalidCursorException;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists quarantined batches a page at a time, newest first, each with every rejected record, the field and the
 * reason. Reads only what the page needs: the newest quarantine objects of each source, never the whole zone.
 */
public interface BrowseQuarantine {

    /**
     * The newest {@code limit} quarantined batches (of one source, or all), older than the batch the cursor
     * {@code after} points at when given. The page's {@code next} is the cursor of the following page, empty when
     * there is none; a cursor is opaque text, valid with or without a source filter.
     *
     * @throws UnknownSourceException when {@code source} names no source
     * @throws InvalidCursorException when {@code after} is not a cursor a page gave out
     */
    QuarantinePage browse(Optional<SourceName> source, int limit, Optional<String> after);

    /** One page of quarantined batches, newest first, and where the next page starts. */
    record QuarantinePage(List<QuarantinedBatch> batches, Optional<String> next) {
        public QuarantinePage {
            batches = List.copyOf(batches);
            Objects.requireNonNull(next, "next");
        }
    }

    /** One quarantine object: where it lives, the batch's lineage and its rejected records. */
    record QuarantinedBatch(ObjectKey object, Lineage lineage, List<CleaningOutcome.Rejected> records) {
        public QuarantinedBatch {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(lineage, "lineage");
            records = List.copyOf(records);
        }
    }
}
