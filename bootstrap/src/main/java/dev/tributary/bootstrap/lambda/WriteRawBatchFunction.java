package dev.tributary.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.adapters.aws.lambda.WriteRawBatchHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda entry point {@code dev.tributary.bootstrap.lambda.WriteRawBatchFunction}: the raw writer on the ingest
 * queue, answering with the messages that failed (ReportBatchItemFailures).
 */
public final class WriteRawBatchFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
    @Inject
    WriteRawBatchHandler handler;

    /** As Lambda creates it: a context of its own, see {@link FunctionContext}. */
    public WriteRawBatchFunction() {
    }

    /** On a context already started (tests). */
    public WriteRawBatchFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionContext.builder();
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        return handler.handle(event);
    }
}
