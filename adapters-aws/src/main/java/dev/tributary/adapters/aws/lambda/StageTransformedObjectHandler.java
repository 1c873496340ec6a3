package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;

/**
 * The staging as a Lambda on the transformed bucket's ObjectCreated events: each new transformed object is staged as
 * Parquet; quarantine objects in the same bucket are ignored. A failure fails the invocation and Lambda retries it.
 */
public final class StageTransformedObjectHandler {
    private final StageTransformedObject stageTransformedObject;

    public StageTransformedObjectHandler(StageTransformedObject stageTransformedObject) {
        this.stageTransformedObject = stageTransformedObject;
    }

    public void handle(S3Event event) {
        for (ObjectKey transformed : CreatedObjects.of(event, Zone.TRANSFORMED)) {
            stageTransformedObject.stage(transformed);   // its outcome is counted and logged by the stage itself
        }
    }
}
