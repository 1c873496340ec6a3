package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;

/**
 * The staging as a Lambda on the transformed-notice queue (the transformed bucket's ObjectCreated notifications under
 * {@code transformed/}): each new transformed object is staged as Parquet; quarantine objects in the same bucket are
 * ignored. Failures are delivered again and outages waited out ({@link QueueEvents}).
 */
public final class StageTransformedObjectHandler {
    private final StageTransformedObject stageTransformedObject;
    private final QueueEvents events;

    public StageTransformedObjectHandler(StageTransformedObject stageTransformedObject, QueueEvents events) {
        this.stageTransformedObject = stageTransformedObject;
        this.events = events;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return events.handle(event, message -> {
            for (ObjectKey transformed : CreatedObjects.of(message.getBody(), Zone.TRANSFORMED)) {
                stageTransformedObject.stage(transformed);   // its outcome is counted and logged by the stage itself
            }
        });
    }
}
