package dev.tributary.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.adapters.aws.lambda.TransformRawObjectHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda entry point {@code dev.tributary.bootstrap.lambda.TransformRawObjectFunction}: on the raw-notice queue
 * (the raw bucket's ObjectCreated notifications), answering with the messages that failed (ReportBatchItemFailures).
 */
public final class TransformRawObjectFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
    @Inject
    TransformRawObjectHandler handler;

    /** As Lambda creates it: a context of its own, see {@link FunctionContext}. */
    public TransformRawObjectFunction() {
    }

    /** On a context already started (tests). */
    public TransformRawObjectFunction(ApplicationContext context) {
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
