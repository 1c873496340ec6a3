package dev.tributary.application.usecase;

import dev.tributary.application.port.in.IngestBatch.IngestBatchCommand;
import dev.tributary.application.port.in.IngestBatch.IngestReceipt;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.usecase.IngestBatchService.GroupThreads;
import dev.tributary.application.usecase.IngestBatchService.Grouping;
import dev.tributary.application.usecase.IngestBatchService.Limits;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.scaling.QueueStats;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Group commit through the ingest use case: small unkeyed posts of a source share one batch and its durability. */
class GroupCommitTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");
    private static final Duration LONG = Duration.ofMinutes(5);   // groups in these tests close by size unless told
    private static final SourceDefinition CLICKS = source("clicks", InputFormat.NDJSON);
    private static final SourceDefinition SHOPS = source("shops", InputFormat.CSV);

    private final RecordingQueue queue = new RecordingQueue();
    private final AtomicInteger ids = new AtomicInteger();
    private final RecordCodec codec = mock(RecordCodec.class);
    private IngestBatchService service;

    GroupCommitTest() {
        // one record per non-blank line, a CSV header not counted
        when(codec.count(any(), any())).thenAnswer(call -> {
            long lines = new String((byte[]) call.getArgument(1), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).count();
            return (int) (call.getArgument(0) == InputFormat.CSV ? lines - 1 : lines);
        });
    }

    private static SourceDefinition source(String name, InputFormat format) {
        return new SourceDefinition(new SourceName(name), name, "", format,
                List.of(FieldSpec.of("page", FieldType.STRING, true), FieldSpec.of("at", FieldType.TIMESTAMP, true)),
                "at", List.of(), 1, List.of());
    }

    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService publishers = Executors.newCachedThreadPool();

    private IngestBatchService service(Grouping grouping) {
        SourceCatalog catalog = new SourceCatalog() {
            public List<SourceDefinition> all() { return List.of(CLICKS, SHOPS); }
            public Optional<SourceDefinition> find(SourceName name) {
                return all().stream().filter(s -> s.name().equals(name)).findFirst();
            }
        };
        service = new IngestBatchService(catalog, codec, queue,
                () -> new BatchId(new UUID(0x019ab5f27d3e7cc3L, 0x8000000000000000L | ids.incrementAndGet())),
                (source, key, candidate) -> candidate, Clock.fixed(NOW, ZoneOffset.UTC), new Limits(1 << 20, 10_000),
                RateLimits.none(), grouping, new GroupThreads(deadlines, publishers));
        return service;
    }

    @AfterEach
    void close() {
        queue.release.countDown();
        if (service != null) {
            service.close();
        }
        deadlines.shutdownNow();
        publishers.shutdownNow();
    }

    private CompletableFuture<IngestReceipt> post(SourceDefinition source, String body) {
        return service.submit(new IngestBatchCommand(source.name(),
                source.format() == InputFormat.CSV ? "text/csv" : "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Batch batch) {
        return new String(batch.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void postsOfOneSourceShareOneBatchThatHoldsEveryRecordAsSent() throws Exception {
        service(new Grouping(LONG, 4, 1 << 20, false));
        queue.release.countDown();

        CompletableFuture<IngestReceipt> first = post(CLICKS, "{\"page\":\"/a\"}\n");
        CompletableFuture<IngestReceipt> second = post(CLICKS, "{\"page\":\"/b\"}\n{\"page\":\"/c\"}");
        CompletableFuture<IngestReceipt> third = post(CLICKS, "{\"page\":\"/d\"}\n");

        assertThat(third.get(10, TimeUnit.SECONDS).batchId()).isEqualTo(first.get().batchId()).isEqualTo(second.get().batchId());
        assertThat(List.of(first.get().records(), second.get().records(), third.get().records())).containsExactly(1, 2, 1);
        Batch batch = queue.only();
        assertThat(batch.id()).isEqualTo(first.get().batchId());
        assertThat(batch.recordCount()).isEqualTo(4);
        assertThat(batch.receivedAt()).isEqualTo(NOW);
        assertThat(text(batch)).isEqualTo("{\"page\":\"/a\"}\n{\"page\":\"/b\"}\n{\"page\":\"/c\"}\n{\"page\":\"/d\"}\n");
    }

    @Test
    void noReceiptCompletesBeforeTheGroupIsDurable() throws Exception {
        service(new Grouping(LONG, 2, 1 << 20, false));

        CompletableFuture<IngestReceipt> first = post(CLICKS, "{\"page\":\"/a\"}\n");
        CompletableFuture<IngestReceipt> second = post(CLICKS, "{\"page\":\"/b\"}\n");
        queue.publishing.await(10, TimeUnit.SECONDS);   // the full group is being published, and the queue holds it

        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        queue.release.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS).records()).isEqualTo(1);
        assertThat(first).isCompleted();
    }

    @Test
    void aGroupThatDoesNotFillUpIsPublishedAfterTheWait() throws Exception {
        service(new Grouping(Duration.ofMillis(20), 1_000, 1 << 20, false));
        queue.release.countDown();

        IngestReceipt receipt = post(CLICKS, "{\"page\":\"/a\"}").get(10, TimeUnit.SECONDS);

        assertThat(text(queue.only())).isEqualTo("{\"page\":\"/a\"}");   // a body alone stays as sent
        assertThat(receipt.records()).isEqualTo(1);
    }

    @Test
    void aPostThatWouldOverfillTheGroupStartsTheNextOne() throws Exception {
        service(new Grouping(LONG, 3, 1 << 20, false));
        queue.release.countDown();

        CompletableFuture<IngestReceipt> first = post(CLICKS, "{\"page\":\"/a\"}\n{\"page\":\"/b\"}\n");
        CompletableFuture<IngestReceipt> second = post(CLICKS, "{\"page\":\"/c\"}\n{\"page\":\"/d\"}\n");
        assertThat(first.get(10, TimeUnit.SECONDS).records()).isEqualTo(2);
        assertThat(second).isNotDone();
        post(CLICKS, "{\"page\":\"/e\"}\n");

        assertThat(second.get(10, TimeUnit.SECONDS).batchId()).isNotEqualTo(first.get().batchId());
        assertThat(queue.published).extracting(Batch::recordCount).containsExactly(2, 3);
    }

    @Test
    void groupsAreKeptPerSourceAndPerCsvHeader() throws Exception {
        service(new Grouping(LONG, 2, 1 << 20, false));
        queue.release.countDown();

        post(SHOPS, "id,page\n1,/a\n");
        post(CLICKS, "{\"page\":\"/x\"}\n");
        post(SHOPS, "page,id\n/b,2\n");
        CompletableFuture<IngestReceipt> shops = post(SHOPS, "id,page\r\n3,/c\r\n");

        shops.get(10, TimeUnit.SECONDS);
        assertThat(text(queue.only())).isEqualTo("id,page\n1,/a\n3,/c\r\n");
    }

    @Test
    void keyedPostsAndFullSizedPostsTravelAlone() throws Exception {
        service(new Grouping(LONG, 2, 1 << 20, false));
        queue.release.countDown();

        IngestReceipt keyed = service.submit(new IngestBatchCommand(CLICKS.name(), "application/x-ndjson",
                "{\"page\":\"/a\"}\n".getBytes(StandardCharsets.UTF_8), "retry-1")).get(10, TimeUnit.SECONDS);
        IngestReceipt full = post(CLICKS, "{\"page\":\"/b\"}\n{\"page\":\"/c\"}\n").get(10, TimeUnit.SECONDS);

        assertThat(queue.published).extracting(Batch::id).containsExactly(keyed.batchId(), full.batchId());
    }

    @Test
    void whenTheQueueFailsEveryMembersReceiptFails() {
        service(new Grouping(LONG, 2, 1 << 20, false));
        queue.failure = new PortUnavailableException("ingest queue", new RuntimeException("down"));
        queue.release.countDown();

        CompletableFuture<IngestReceipt> first = post(CLICKS, "{\"page\":\"/a\"}\n");
        CompletableFuture<IngestReceipt> second = post(CLICKS, "{\"page\":\"/b\"}\n");

        for (CompletableFuture<IngestReceipt> receipt : List.of(first, second)) {
            assertThatThrownBy(() -> receipt.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(PortUnavailableException.class);
        }
        assertThatThrownBy(() -> service.ingest(new IngestBatchCommand(CLICKS.name(), "application/x-ndjson",
                "{\"page\":\"/c\"}\n{\"page\":\"/d\"}\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(PortUnavailableException.class);
    }

    @Test
    void eagerlyAnIdleSourcesPostIsPublishedAtOnce() throws Exception {
        service(new Grouping(LONG, 1_000, 1 << 20, true));
        queue.release.countDown();

        IngestReceipt receipt = post(CLICKS, "{\"page\":\"/a\"}\n").get(10, TimeUnit.SECONDS);   // not the 5 minutes

        assertThat(queue.only().id()).isEqualTo(receipt.batchId());
    }

    @Test
    void eagerlyThePostsThatArriveDuringAPublishGoTogetherNext() throws Exception {
        service(new Grouping(LONG, 1_000, 1 << 20, true));
        CompletableFuture<IngestReceipt> first = post(CLICKS, "{\"page\":\"/a\"}\n");
        queue.publishing.await(10, TimeUnit.SECONDS);   // the first post is being published

        CompletableFuture<IngestReceipt> second = post(CLICKS, "{\"page\":\"/b\"}\n");
        CompletableFuture<IngestReceipt> third = post(CLICKS, "{\"page\":\"/c\"}\n");
        assertThat(second).isNotDone();
        queue.release.countDown();

        assertThat(third.get(10, TimeUnit.SECONDS).batchId()).isEqualTo(second.get().batchId())
                .isNotEqualTo(first.get().batchId());
        assertThat(queue.published).extracting(Batch::recordCount).containsExactly(1, 2);
    }

    @Test
    void closingPublishesTheOpenGroups() throws Exception {
        service(new Grouping(LONG, 1_000, 1 << 20, false));
        queue.release.countDown();
        CompletableFuture<IngestReceipt> open = post(CLICKS, "{\"page\":\"/a\"}\n");

        service.close();

        assertThat(open).isCompleted();
        assertThat(queue.only().id()).isEqualTo(open.get().batchId());
        assertThatThrownBy(() -> post(CLICKS, "{\"page\":\"/b\"}\n")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingLeavesTheCallersThreadsToTheCaller() {
        service(new Grouping(LONG, 1_000, 1 << 20, false));
        queue.release.countDown();
        post(CLICKS, "{\"page\":\"/a\"}\n");

        service.close();

        assertThat(deadlines.isShutdown()).isFalse();
        assertThat(publishers.isShutdown()).isFalse();
    }

    /** Records published batches; holds each publish until released, as a slow durable write would. */
    private static final class RecordingQueue implements MessageQueue<Batch> {
        final List<Batch> published = new CopyOnWriteArrayList<>();
        final CountDownLatch publishing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile RuntimeException failure;

        @Override
        public void publish(Batch batch) {
            publishing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failure != null) {
                throw failure;
            }
            published.add(batch);
        }

        Batch only() {
            assertThat(published).hasSize(1);
            return published.get(0);
        }

        @Override
        public List<MessageQueue.Delivery<Batch>> receive(int max, Duration wait) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void acknowledge(MessageQueue.Delivery<Batch> delivery) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(MessageQueue.Delivery<Batch> delivery, Duration delay) {
            throw new UnsupportedOperationException();
        }

        @Override
        public QueueStats stats() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long redriveDeadLetters(Predicate<? super Batch> which) {
            return 0;
        }
    }
}
