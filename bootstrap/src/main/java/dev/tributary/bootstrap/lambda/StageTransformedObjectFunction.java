package dev.tributary.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.tributary.adapters.aws.lambda.StageTransformedObjectHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** Lambda entry point {@code dev.tributary.bootstrap.lambda.StageTransformedObjectFunction}: transformed bucket ObjectCreated (prefix {@code transformed/}). */
public final class StageTransformedObjectFunction extends MicronautRequestHandler<S3Event, Void> {
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
    public Void execute(S3Event event) {
        handler.handle(event);
        return null;
    }
}
