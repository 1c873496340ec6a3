package dev.tributary.application.port.in;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Accepts one post from a producer. A receipt comes only once the batch is durable on the ingest queue (invariant 1),
 * so it means the data will reach the lake. Small posts of a source may travel together as one batch (group commit):
 * then each receipt names that batch and waits for it.
 */
public interface IngestBatch {

    /**
     * Checks the post at once, throwing a named exception for anything it refuses; the receipt completes once the
     * batch holding the post is durable, or fails with the queue's exception.
     */
    CompletableFuture<IngestReceipt> submit(IngestBatchCommand command);

    /** {@link #submit} and wait for the receipt. */
    default IngestReceipt ingest(IngestBatchCommand command) {
        try {
            return submit(command).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

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

    /** {@code records}: how many of the batch's records this post holds. */
    record IngestReceipt(BatchId batchId, SourceName source, int records) {
        public IngestReceipt {
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(source, "source");
        }
    }
}
