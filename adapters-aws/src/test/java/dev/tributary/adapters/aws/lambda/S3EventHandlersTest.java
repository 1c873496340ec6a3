package dev.tributary.adapters.aws.lambda;

import dev.tributary.application.TestBatches;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3EventHandlersTest {
    private final List<ObjectKey> called = new ArrayList<>();
    private final TransformRawObjectHandler transform = new TransformRawObjectHandler(raw -> {
        called.add(raw);
        return new TransformRawObject.TransformReport(raw.in(Zone.TRANSFORMED), 1, 0);
    });
    private final StageTransformedObjectHandler stage = new StageTransformedObjectHandler(transformed -> {
        called.add(transformed);
        return new StageTransformedObject.StageReport(transformed.in(Zone.STAGED), 1, 1);
    });

    @Test
    void rawObjectCreatedEventTransformsThatObjectWithItsKeyUrlDecoded() {
        ObjectKey raw = TestBatches.rawKey();

        transform.handle(LambdaEvents.s3Event(LambdaEvents.s3EventJson("tributary-raw", raw.path())));

        assertThat(LambdaEvents.s3EventJson("b", raw.path())).contains("source%3Dorders");
        assertThat(called).containsExactly(raw);
    }

    @Test
    void transformedObjectCreatedEventStagesItAndQuarantineObjectsInTheSameBucketAreIgnored() {
        ObjectKey transformed = TestBatches.rawKey().in(Zone.TRANSFORMED);

        stage.handle(LambdaEvents.s3Event(LambdaEvents.s3EventJson("tributary-transformed", transformed.path())));
        stage.handle(LambdaEvents.s3Event(LambdaEvents.s3EventJson("tributary-transformed",
                transformed.in(Zone.QUARANTINE).path())));

        assertThat(called).containsExactly(transformed);
    }

    @Test
    void spooledIngestPayloadsInTheRawBucketAreNotLakeObjects() {
        transform.handle(LambdaEvents.s3Event(LambdaEvents.s3EventJson("tributary-raw",
                "spool/019ced1c-0f70-7000-8000-000000000001.gz")));

        assertThat(called).isEmpty();
    }

    @Test
    void objectThatIsNotALakePathFailsTheInvocationSoLambdaRetriesIt() {
        assertThatThrownBy(() -> transform.handle(LambdaEvents.s3Event(
                LambdaEvents.s3EventJson("tributary-raw", "uploads/by hand.csv"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
