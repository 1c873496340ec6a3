package dev.tributary.application.port.in;

import dev.tributary.application.refusal.NothingToRedriveException;
import dev.tributary.application.refusal.QuarantineObjectNotFoundException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.source.SourceName;

import java.util.Objects;

/**
 * Sends a quarantined batch's rejected records through the pipeline again (after a rule fix), as a new batch on the
 * ingest queue. The new batch id is derived from the quarantine object and the source's current rules, so redriving
 * the same object twice under the same rules yields the same id and the ledger counts it once (invariant 2), while
 * a redrive after a rule change is a new batch. Duplicates are not redriven: their first copy already counted.
 */
public interface RedriveQuarantinedBatch {

    /**
     * @throws QuarantineObjectNotFoundException when the lake has no such quarantine object
     * @throws NothingToRedriveException when every rejected record was a duplicate
     */
    RedriveReceipt redrive(ObjectKey quarantined);

    record RedriveReceipt(BatchId batchId, SourceName source, int records, int skippedDuplicates) {
        public RedriveReceipt {
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(source, "source");
        }
    }
}
