package dev.tributary.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.tributary.adapters.aws.lambda.TransformRawObjectHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** Lambda entry point {@code dev.tributary.bootstrap.lambda.TransformRawObjectFunction}: raw bucket ObjectCreated. */
public final class TransformRawObjectFunction extends MicronautRequestHandler<S3Event, Void> {
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
    public Void execute(S3Event event) {
        handler.handle(event);
        return null;
    }
}
