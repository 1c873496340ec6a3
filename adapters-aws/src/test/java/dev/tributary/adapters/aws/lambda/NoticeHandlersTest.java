package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.tributary.adapters.aws.sqs.SqsMessage;
import dev.tributary.application.TestBatches;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The transformation and staging functions on their notice queues, whose bodies are S3 event notifications. */
class NoticeHandlersTest {
    private final List<ObjectKey> called = new ArrayList<>();
    private final List<String> givenBack = new ArrayList<>();
    private final QueueEvents events = new QueueEvents("test", (m, delay, waits) -> givenBack.add(m.getMessageId()),
            new QueueEvents.Waits(Duration.ofSeconds(1), Duration.ofSeconds(4)));
    private final TransformRawObjectHandler transform = new TransformRawObjectHandler(raw -> {
        called.add(raw);
        return new TransformRawObject.TransformReport(raw.in(Zone.TRANSFORMED), 1, 0);
    }, events);
    private final StageTransformedObjectHandler stage = new StageTransformedObjectHandler(transformed -> {
        called.add(transformed);
        return new StageTransformedObject.StageReport(transformed.in(Zone.STAGED), 1, 1);
    }, events);

    @Test
    void rawObjectCreatedNoticeTransformsThatObjectWithItsKeyUrlDecoded() {
        ObjectKey raw = TestBatches.rawKey();

        SQSBatchResponse response = transform.handle(notices(s3Event("tributary-raw", raw.path())));

        assertThat(s3Event("b", raw.path())).contains("source%3Dorders");
        assertThat(called).containsExactly(raw);
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void transformedObjectCreatedNoticeStagesItAndQuarantineObjectsInTheSameBucketAreIgnored() {
        ObjectKey transformed = TestBatches.rawKey().in(Zone.TRANSFORMED);

        SQSBatchResponse response = stage.handle(notices(s3Event("tributary-transformed", transformed.path()),
                s3Event("tributary-transformed", transformed.in(Zone.QUARANTINE).path())));

        assertThat(called).containsExactly(transformed);
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void spooledIngestPayloadsAndS3sTestEventAreNoLakeObjects() {
        SQSBatchResponse response = transform.handle(notices(
                s3Event("tributary-raw", "spool/019ced1c-0f70-7000-8000-000000000001.gz"),
                "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"tributary-raw\"}"));

        assertThat(called).isEmpty();
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void aNoticeOfAnObjectThatIsNoLakePathFailsByItselfAndTheOthersAreTransformed() {
        ObjectKey raw = TestBatches.rawKey();

        SQSBatchResponse response = transform.handle(notices(s3Event("tributary-raw", "uploads/by hand.csv"),
                s3Event("tributary-raw", raw.path()), "not json"));

        assertThat(called).containsExactly(raw);
        assertThat(response.getBatchItemFailures()).hasSize(2);
        assertThat(givenBack).isEmpty();
    }

    private static String s3Event(String bucket, String key) {
        return LambdaEvents.s3EventJson(bucket, key);
    }

    private static com.amazonaws.services.lambda.runtime.events.SQSEvent notices(String... bodies) {
        return LambdaEvents.sqsEvent(LambdaEvents.sqsEventJson(
                java.util.Arrays.stream(bodies).map(b -> new SqsMessage(b, Map.of())).toList()));
    }
}
