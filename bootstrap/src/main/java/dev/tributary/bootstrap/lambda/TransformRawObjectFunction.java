package dev.tributary.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.tributary.adapters.aws.lambda.TransformRawObjectHandler;

/** Lambda entry point {@code dev.tributary.bootstrap.lambda.TransformRawObjectFunction}: raw bucket ObjectCreated. */
public final class TransformRawObjectFunction implements RequestHandler<S3Event, Void> {
    private final TransformRawObjectHandler handler = FunctionContext.bean(TransformRawObjectHandler.class);

    @Override
    public Void handleRequest(S3Event event, Context context) {
        handler.handle(event);
        return null;
    }
}
