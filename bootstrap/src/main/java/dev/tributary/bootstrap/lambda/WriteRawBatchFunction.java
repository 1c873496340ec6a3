package dev.tributary.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.adapters.aws.lambda.WriteRawBatchHandler;

/** Lambda entry point {@code dev.tributary.bootstrap.lambda.WriteRawBatchFunction}: the raw writer on the ingest queue. */
public final class WriteRawBatchFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final WriteRawBatchHandler handler = FunctionContext.bean(WriteRawBatchHandler.class);

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return handler.handle(event);
    }
}
