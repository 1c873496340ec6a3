package dev.tributary.application.usecase;

import dev.tributary.application.port.in.IngestBatch.IngestBatchCommand;
import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.refusal.BatchTooLargeException;
import dev.tributary.application.refusal.InvalidIdempotencyKeyException;
import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.application.refusal.RateLimitedException;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.application.refusal.UnsupportedContentTypeException;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.ratelimit.RateLimitPolicy;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class IngestBatchServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    private static final BatchId ID = new BatchId(UUID.fromString("019ab5f2-7d3e-7cc3-8a3b-6f2d2c1e0f11"));
    private static final SourceDefinition CLICKS = new SourceDefinition(new SourceName("clicks"), "Clicks", "",
            InputFormat.NDJSON, List.of(FieldSpec.of("page", FieldType.STRING, true),
            FieldSpec.of("at", FieldType.TIMESTAMP, true)), "at", List.of(), 1, List.of());

    private final RecordCodec codec = mock(RecordCodec.class);
    @SuppressWarnings("unchecked")
    private final MessageQueue<Batch> queue = mock(MessageQueue.class);
    private final SourceCatalog catalog = new SourceCatalog() {
        public List<SourceDefinition> all() { return List.of(CLICKS); }
        public Optional<SourceDefinition> find(SourceName name) {
            return name.equals(CLICKS.name()) ? Optional.of(CLICKS) : Optional.empty();
        }
    };
    private final java.util.Map<String, BatchId> remembered = new java.util.HashMap<>();
    private final IngestBatchService service = new IngestBatchService(catalog, codec, queue, () -> ID,
            (source, key, candidate) -> remembered.computeIfAbsent(source + "/" + key.hex(), k -> candidate),
            Clock.fixed(NOW, ZoneOffset.UTC), new IngestBatchService.Limits(100, 3));

    @Test
    void publishesTheBatchBeforeReturningItsReceipt() {
        byte[] body = "{\"page\":\"/\"}\n{\"page\":\"/a\"}\n".getBytes();
        when(codec.count(InputFormat.NDJSON, body)).thenReturn(2);

        var receipt = service.ingest(new IngestBatchCommand(CLICKS.name(), "application/x-ndjson; charset=utf-8", body));

        ArgumentCaptor<Batch> published = ArgumentCaptor.forClass(Batch.class);
        verify(queue).publish(published.capture());
        assertThat(published.getValue()).isEqualTo(new Batch(ID, CLICKS.name(), InputFormat.NDJSON, NOW, 2, body));
        assertThat(receipt.batchId()).isEqualTo(ID);
        assertThat(receipt.records()).isEqualTo(2);
    }

    @Test
    void aSourceOverItsRateIsRefusedWithWhenToRetryAndNothingPublished() {
        long[] now = {0};
        IngestBatchService limited = new IngestBatchService(catalog, codec, queue, () -> ID,
                (source, key, candidate) -> candidate, Clock.fixed(NOW, ZoneOffset.UTC),
                new IngestBatchService.Limits(100, 3),
                new RateLimits(new RateLimitPolicy(1, 2), java.util.Map.of(), () -> now[0]),
                IngestBatchService.Grouping.off(), null);
        when(codec.count(eq(InputFormat.NDJSON), any())).thenReturn(1);
        IngestBatchCommand post = new IngestBatchCommand(CLICKS.name(), "application/x-ndjson", new byte[3]);
        limited.ingest(post);
        limited.ingest(post);

        assertThatThrownBy(() -> limited.ingest(post)).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("at most 1 posts per second (bursts of 2)")
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter()).hasSeconds(1));
        verify(queue, org.mockito.Mockito.times(2)).publish(any());
        now[0] = 1_000_000_000L;
        assertThat(limited.ingest(post).batchId()).isEqualTo(ID);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyRepublishesTheFirstBatchId() {
        BatchId first = new BatchId(UUID.fromString("019ab5f2-0000-7000-8000-000000000001"));
        remembered.put("clicks/" + KeyDigest.of("retry-1").hex(), first);
        when(codec.count(eq(InputFormat.NDJSON), any())).thenReturn(1);

        var receipt = service.ingest(new IngestBatchCommand(CLICKS.name(), "application/x-ndjson", new byte[3], "retry-1"));

        ArgumentCaptor<Batch> published = ArgumentCaptor.forClass(Batch.class);
        verify(queue).publish(published.capture());
        assertThat(receipt.batchId()).isEqualTo(first);
        assertThat(published.getValue().id()).isEqualTo(first);
    }

    @Test
    void refusesIdempotencyKeysThatCannotBeKeys() {
        for (String bad : List.of("", "has space", "x".repeat(256), "caf\u00e9")) {
            assertThatThrownBy(() -> service.ingest(new IngestBatchCommand(CLICKS.name(), "application/x-ndjson", new byte[3], bad)))
                    .isInstanceOf(InvalidIdempotencyKeyException.class);
        }
        verify(queue, never()).publish(any());
    }

    @Test
    void refusesUnknownSource() {
        assertThatThrownBy(() -> service.ingest(new IngestBatchCommand(new SourceName("nope"), "text/csv", new byte[1])))
                .isInstanceOf(UnknownSourceException.class).hasMessageContaining("nope");
        verify(queue, never()).publish(any());
    }

    @Test
    void refusesContentTypeOtherThanTheSourceFormat() {
        assertThatThrownBy(() -> service.ingest(new IngestBatchCommand(CLICKS.name(), "text/csv", new byte[1])))
                .isInstanceOf(UnsupportedContentTypeException.class).hasMessageContaining("application/x-ndjson");
        assertThatThrownBy(() -> service.ingest(new IngestBatchCommand(CLICKS.name(), null, new byte[1])))
                .isInstanceOf(UnsupportedContentTypeException.class).hasMessageContaining("no content type");
    }

    @Test
    void refusesBodiesOverTheByteLimitBeforeParsing() {
        assertThatThrownBy(() -> service.ingest(new IngestBatchCommand(CLICKS.name(), "application/x-ndjson", new byte[101])))
                .isInstanceOf(BatchTooLargeException.class).hasMessageContaining("101 bytes");
        verify(codec, never()).count(any(), any());
    }

    @Test
    void refusesBatchesOverTheRecordLimit() {
        when(codec.count(eq(InputFormat.NDJSON), any())).thenReturn(4);

        assertThatThrownBy(() -> service.ingest(new IngestBatchCommand(CLICKS.name(), "application/x-ndjson", new byte[10])))
                .isInstanceOf(BatchTooLargeException.class).hasMessageContaining("4 records");
    }

    @Test
    void refusesEmptyBatches() {
        when(codec.count(eq(InputFormat.NDJSON), any())).thenReturn(0);

        assertThatThrownBy(() -> service.ingest(new IngestBatchCommand(CLICKS.name(), "application/x-ndjson", new byte[0])))
                .isInstanceOf(MalformedBatchException.class).hasMessageContaining("no records");
        verify(queue, never()).publish(any());
    }
}
