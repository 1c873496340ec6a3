package dev.tributary.application.port.in;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;

import java.util.Objects;

/**
 * Accepts one post from a producer. Returns only once the batch is durable on the ingest queue (invariant 1), so a
 * receipt means the data will reach the lake; throws a named exception for anything it refuses.
 */
public interface IngestBatch {

    IngestReceipt ingest(IngestBatchCommand command);

    /**
     * {@code contentType} as sent (parameters such as charset allowed; null when absent); {@code idempotencyKey} the
     * producer's {@code Idempotency-Key}, or null.
     */
    record IngestBatchCommand(SourceName source, String contentType, byte[] body, String idempotencyKey) {
        public IngestBatchCommand {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(body, "body");
        }

        public IngestBatchCommand(SourceName source, String contentType, byte[] body) {
            this(source, contentType, body, null);
        }
    }

    record IngestReceipt(BatchId batchId, SourceName source, int records) {
        public IngestReceipt {
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(source, "source");
        }
    }
}
