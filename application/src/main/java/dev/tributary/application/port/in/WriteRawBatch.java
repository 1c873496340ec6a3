package dev.tributary.application.port.in;

import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;

/**
 * Writes a queued batch into the raw zone exactly as received, keyed by its batch id, with its lineage. Writing the
 * same batch again rewrites the same object.
 */
public interface WriteRawBatch {
    ObjectKey write(Batch batch);
}
