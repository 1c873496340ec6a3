package dev.tributary.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.adapters.aws.lambda.StageTransformedObjectHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda entry point {@code dev.tributary.bootstrap.lambda.StageTransformedObjectFunction}: on the transformed-notice
 * queue (the transformed bucket's ObjectCreated notifications under {@code transformed/}), answering with the messages
 * that failed (ReportBatchItemFailures).
 */
public final class StageTransformedObjectFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
    @Inject
    StageTransformedObjectHandler handler;

    /** As Lambda creates it: a context of its own, see {@link FunctionContext}. */
    public StageTransformedObjectFunction() {
    }

    /** On a context already started (tests). */
    public StageTransformedObjectFunction(ApplicationContext context) {
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
