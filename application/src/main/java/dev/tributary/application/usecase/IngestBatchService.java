package dev.tributary.application.usecase;

import dev.tributary.application.port.in.IngestBatch;
import dev.tributary.application.port.out.BatchIds;
import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.refusal.BatchTooLargeException;
import dev.tributary.application.refusal.InvalidIdempotencyKeyException;
import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.application.refusal.UnsupportedContentTypeException;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.batch.GroupedBody;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Checks a post's rate, envelope and limits, gives it a batch id and answers once the ingest queue holds it durably. Posts
 * smaller than a full group and without an Idempotency-Key are grouped per source ({@link GroupCommit}); a keyed post
 * is always its own batch, so a retry maps to exactly its records.
 */
public final class IngestBatchService implements IngestBatch, AutoCloseable {
    /** Media types accepted per format, besides the format's own. */
    private static final Map<InputFormat, List<String>> ACCEPTED = Map.of(
            InputFormat.JSON, List.of("application/json"),
            InputFormat.NDJSON, List.of("application/x-ndjson", "application/ndjson", "application/jsonl",
                    "application/x-jsonlines", "application/jsonlines"),
            InputFormat.CSV, List.of("text/csv", "application/csv"));

    private final SourceCatalog sources;
    private final RecordCodec codec;
    private final MessageQueue<Batch> queue;
    private final BatchIds batchIds;
    private final IdempotencyKeys idempotencyKeys;
    private final Clock clock;
    private final Limits limits;
    private final RateLimits rateLimits;
    private final GroupCommit groups;

    /** Upper bounds for one post. */
    public record Limits(int maxBytes, int maxRecords) {
        public Limits {
            if (maxBytes < 1 || maxRecords < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxBytes + " bytes, " + maxRecords + " records");
            }
        }
    }

    /**
     * How small posts are grouped: a group is published when it holds {@code maxRecords} records or {@code maxBytes}
     * bytes, or {@code maxWait} after its first post arrived; when {@code eager}, also as soon as no earlier group of
     * its source is being published (fewest waits; a fixed wait gathers larger batches, which costs fewer requests
     * where each request is billed). A wait of zero turns grouping off.
     */
    public record Grouping(Duration maxWait, int maxRecords, int maxBytes, boolean eager) {
        public Grouping {
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxWait.isNegative() || maxRecords < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("grouping needs a wait >= 0 and positive bounds: " + maxWait + ", "
                        + maxRecords + " records, " + maxBytes + " bytes");
            }
        }

        public static Grouping off() {
            return new Grouping(Duration.ZERO, 1, 1, false);
        }
    }

    /**
     * The threads group commit runs on, owned (and shut down) by the caller: a scheduler for the groups' deadlines, and
     * the publishers of sealed groups (each publish blocks until the queue has the batch durable, so one thread per
     * source posting at once keeps sources from waiting on each other).
     */
    public record GroupThreads(ScheduledExecutorService deadlines, Executor publishers) {
        public GroupThreads {
            Objects.requireNonNull(deadlines, "deadlines");
            Objects.requireNonNull(publishers, "publishers");
        }
    }

    /** Without grouping: every post is a batch of its own. */
    public IngestBatchService(SourceCatalog sources, RecordCodec codec, MessageQueue<Batch> queue, BatchIds batchIds,
                              IdempotencyKeys idempotencyKeys, Clock clock, Limits limits) {
        this(sources, codec, queue, batchIds, idempotencyKeys, clock, limits, RateLimits.none(), Grouping.off(), null);
    }

    /** @param threads where groups are timed and published; may be null only when {@code grouping} is off */
    public IngestBatchService(SourceCatalog sources, RecordCodec codec, MessageQueue<Batch> queue, BatchIds batchIds,
                              IdempotencyKeys idempotencyKeys, Clock clock, Limits limits, RateLimits rateLimits,
                              Grouping grouping, GroupThreads threads) {
        this.sources = sources;
        this.codec = codec;
        this.queue = queue;
        this.batchIds = batchIds;
        this.idempotencyKeys = idempotencyKeys;
        this.clock = clock;
        this.limits = limits;
        this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
        // a group is never larger than one post may be
        this.groups = grouping.maxWait().isZero() ? null : new GroupCommit(queue, batchIds, clock, new Grouping(
                grouping.maxWait(), Math.min(grouping.maxRecords(), limits.maxRecords()),
                Math.min(grouping.maxBytes(), limits.maxBytes()), grouping.eager()),
                Objects.requireNonNull(threads, "threads: grouping needs them"));
    }

    @Override
    public CompletableFuture<IngestReceipt> submit(IngestBatchCommand command) {
        SourceDefinition source = sources.require(command.source());
        rateLimits.take(source.name());          // first: a source over its rate costs no parsing
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
        if (command.idempotencyKey() == null && groups != null && groups.accepts(records, command.body().length)) {
            Optional<String> group = GroupedBody.key(source.format(), command.body());
            if (group.isPresent()) {
                return groups.add(source.name(), source.format(), group.get(), command.body(), records);
            }
        }
        BatchId id = command.idempotencyKey() == null ? batchIds.next()
                : idempotencyKeys.remember(source.name(), KeyDigest.of(command.idempotencyKey()), batchIds.next());
        // A retry publishes its first batch id again, also when the first attempt failed after the key was
        // remembered: the raw object is rewritten in place and the ledger counts the batch once (invariant 2).
        queue.publish(new Batch(id, source.name(), source.format(), clock.instant(), records, command.body()));
        return CompletableFuture.completedFuture(new IngestReceipt(id, source.name(), records));
    }

    /** Publishes the open groups and waits for them. */
    @Override
    public void close() {
        if (groups != null) {
            groups.close();
        }
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
                    + (mediaType.isEmpty() ? ", but no content type was sent" : ", not the content type sent"));
        }
    }
}
