package dev.tributary.application.port.in;

import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Lists quarantined batches, newest first, each with every rejected record, the field and the reason. */
public interface BrowseQuarantine {

    /** @throws UnknownSourceException when {@code source} names no source */
    List<QuarantinedBatch> browse(Optional<SourceName> source, int limit);

    /** One quarantine object: where it lives, the batch's lineage and its rejected records. */
    record QuarantinedBatch(ObjectKey object, Lineage lineage, List<CleaningOutcome.Rejected> records) {
        public QuarantinedBatch {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(lineage, "lineage");
            records = List.copyOf(records);
        }
    }
}
