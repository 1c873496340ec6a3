package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;

/**
 * The transformation as a Lambda on the raw-notice queue (the raw bucket's ObjectCreated notifications): each new raw
 * object is transformed. Transforming again rewrites the same objects, so a message delivered twice is harmless; a
 * message that fails is delivered again, and an outage of S3 is waited out ({@link QueueEvents}).
 */
public final class TransformRawObjectHandler {
    private final TransformRawObject transformRawObject;
    private final QueueEvents events;

    public TransformRawObjectHandler(TransformRawObject transformRawObject, QueueEvents events) {
        this.transformRawObject = transformRawObject;
        this.events = events;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return events.handle(event, message -> {
            for (ObjectKey raw : CreatedObjects.of(message.getBody(), Zone.RAW)) {
                transformRawObject.transform(raw);   // its outcome is counted and logged by the stage itself
            }
        });
    }
}
