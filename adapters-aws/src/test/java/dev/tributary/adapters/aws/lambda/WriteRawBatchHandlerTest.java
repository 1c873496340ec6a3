package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.tributary.adapters.aws.sqs.BatchMessages;
import dev.tributary.adapters.aws.sqs.InMemorySpool;
import dev.tributary.adapters.aws.sqs.SqsMessage;
import dev.tributary.application.TestBatches;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.source.InputFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WriteRawBatchHandlerTest {
    private static final QueueEvents QUEUE_EVENTS = new QueueEvents("write_raw", (m, delay, waits) -> {
        throw new AssertionError("no outage here");
    }, new QueueEvents.Waits(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    private final List<Batch> written = new ArrayList<>();
    private final InMemorySpool spool = new InMemorySpool();
    private final WriteRawBatchHandler handler = new WriteRawBatchHandler(batch -> {
        written.add(batch);
        return ObjectKey.raw(batch.source(), batch.id(), batch.format());
    }, spool, QUEUE_EVENTS);

    @Test
    void writesEachBatchOfTheEventAndReportsMessagesThatAreNotBatches() {
        SQSBatchResponse response = handler.handle(LambdaEvents.sqsEvent(LambdaEvents.resource("/events/sqs-event.json")));

        assertThat(written).singleElement().satisfies(b -> {
            assertThat(b.id().toString()).isEqualTo("019ced1c-0f70-7000-8000-000000000001");
            assertThat(b.recordCount()).isEqualTo(2);
            assertThat(new String(b.payload(), StandardCharsets.UTF_8)).startsWith("{\"order_id\":\"o-1\"");
        });
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("2e1424d4-f796-459a-8184-9c92662be6da");
    }

    @Test
    void batchTheWriterCouldNotWriteIsReportedForRetry() {
        WriteRawBatchHandler failing = new WriteRawBatchHandler(batch -> {
            throw new IllegalStateException("lake down");
        }, spool, QUEUE_EVENTS);
        List<SqsMessage> messages = List.of(BatchMessages.encode(TestBatches.orders(2), 256 * 1024, spool));

        SQSBatchResponse response = failing.handle(LambdaEvents.sqsEvent(LambdaEvents.sqsEventJson(messages)));

        assertThat(response.getBatchItemFailures()).hasSize(1);
    }

    @Test
    void aSpooledBatchIsReadFromTheSpoolAndOneThatCannotBeReadIsRetried() {
        Batch spooledBatch = bigBatch();
        Batch lost = bigBatch();
        SqsMessage readable = BatchMessages.encode(spooledBatch, 8 * 1024, spool);
        SqsMessage unreadable = BatchMessages.encode(lost, 8 * 1024, spool);
        spool.lose(unreadable.body());

        SQSBatchResponse response = handler.handle(LambdaEvents.sqsEvent(LambdaEvents.sqsEventJson(
                List.of(readable, unreadable))));

        assertThat(readable.attributes()).containsEntry("encoding", "gzip+spool");
        assertThat(written).containsExactly(spooledBatch);
        assertThat(response.getBatchItemFailures()).hasSize(1);
    }

    private static Batch bigBatch() {
        byte[] payload = new byte[20_000];
        new Random().nextBytes(payload);
        return new Batch(TestBatches.batchIdAt(TestBatches.AT.plusMillis(new Random().nextInt(1_000_000))),
                TestBatches.ORDERS, InputFormat.CSV, TestBatches.AT, 1, payload);
    }
}
