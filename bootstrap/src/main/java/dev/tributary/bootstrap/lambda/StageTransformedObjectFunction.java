package dev.tributary.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.tributary.adapters.aws.lambda.StageTransformedObjectHandler;

/** Lambda entry point {@code dev.tributary.bootstrap.lambda.StageTransformedObjectFunction}: transformed bucket ObjectCreated. */
public final class StageTransformedObjectFunction implements RequestHandler<S3Event, Void> {
    private final StageTransformedObjectHandler handler = FunctionContext.bean(StageTransformedObjectHandler.class);

    @Override
    public Void handleRequest(S3Event event, Context context) {
        handler.handle(event);
        return null;
    }
}
