package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;

/**
 * The transformation as a Lambda on the raw bucket's ObjectCreated events: each new raw object is transformed. A
 * failure fails the invocation, so Lambda retries the event (transforming again rewrites the same objects).
 */
public final class TransformRawObjectHandler {
    private final TransformRawObject transformRawObject;

    public TransformRawObjectHandler(TransformRawObject transformRawObject) {
        this.transformRawObject = transformRawObject;
    }

    public void handle(S3Event event) {
        for (ObjectKey raw : CreatedObjects.of(event, Zone.RAW)) {
            transformRawObject.transform(raw);   // its outcome is counted and logged by the stage itself
        }
    }
}
