package dev.tributary.application.usecase;

import dev.tributary.application.port.in.BatchTooLargeException;
import dev.tributary.application.port.in.IngestBatch;
import dev.tributary.application.port.in.InvalidIdempotencyKeyException;
import dev.tributary.application.port.in.MalformedBatchException;
import dev.tributary.application.port.in.UnsupportedContentTypeException;
import dev.tributary.application.port.out.BatchIds;
import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.Format;
import dev.tributary.domain.source.SourceDefinition;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks a post's envelope and limits, gives it a batch id and returns once the ingest queue holds it durably. */
public final class IngestBatchService implements IngestBatch {
    /** Media types accepted per format, besides the format's own. */
    private static final Map<Format, List<String>> ACCEPTED = Map.of(
            Format.JSON, List.of("application/json"),
            Format.NDJSON, List.of("application/x-ndjson", "application/ndjson", "application/jsonl",
                    "application/x-jsonlines", "application/jsonlines"),
            Format.CSV, List.of("text/csv", "application/csv"));

    private final SourceCatalog sources;
    private final RecordCodec codec;
    private final IngestQueue queue;
    private final BatchIds batchIds;
    private final IdempotencyKeys idempotencyKeys;
    private final Clock clock;
    private final Limits limits;

    /** Upper bounds for one post. */
    public record Limits(int maxBytes, int maxRecords) {
        public Limits {
            if (maxBytes < 1 || maxRecords < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxBytes + " bytes, " + maxRecords + " records");
            }
        }
    }

    public IngestBatchService(SourceCatalog sources, RecordCodec codec, IngestQueue queue, BatchIds batchIds,
                              IdempotencyKeys idempotencyKeys, Clock clock, Limits limits) {
        this.sources = sources;
        this.codec = codec;
        this.queue = queue;
        this.batchIds = batchIds;
        this.idempotencyKeys = idempotencyKeys;
        this.clock = clock;
        this.limits = limits;
    }

    @Override
    public IngestReceipt ingest(IngestBatchCommand command) {
        SourceDefinition source = sources.require(command.source());
        requireContentType(source, command.contentType());
        requireValidKey(command.idempotencyKey());
        if (command.body().length > limits.maxBytes()) {
            throw new BatchTooLargeException("body has " + command.body().length + " bytes, the limit is "
                    + limits.maxBytes());
        }
        int records = codec.count(source.format(), command.body());
        if (records == 0) {
            throw new MalformedBatchException("the body holds no records");
        }
        if (records > limits.maxRecords()) {
            throw new BatchTooLargeException("body has " + records + " records, the limit is " + limits.maxRecords());
        }
        BatchId id = command.idempotencyKey() == null ? batchIds.next()
                : idempotencyKeys.remember(source.name(), command.idempotencyKey(), batchIds.next());
        // A retry publishes its first batch id again, also when the first attempt failed after the key was
        // remembered: the raw object is rewritten in place and the ledger counts the batch once (invariant 2).
        queue.publish(new Batch(id, source.name(), source.format(), clock.instant(), records, command.body()));
        return new IngestReceipt(id, source.name(), records);
    }

    private static void requireValidKey(String key) {
        if (key != null && !key.matches("[\\x21-\\x7e]{1,255}")) {
            throw new InvalidIdempotencyKeyException(
                    "Idempotency-Key must be 1 to 255 visible ASCII characters (no spaces)");
        }
    }

    private static void requireContentType(SourceDefinition source, String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!ACCEPTED.get(source.format()).contains(mediaType)) {
            throw new UnsupportedContentTypeException("source '" + source.name() + "' accepts "
                    + String.join(" or ", ACCEPTED.get(source.format()))
                    + (mediaType.isEmpty() ? ", but no content type was sent" : ", not " + mediaType));
        }
    }
}
