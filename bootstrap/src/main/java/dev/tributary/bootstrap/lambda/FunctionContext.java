package dev.tributary.bootstrap.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;

/**
 * The Micronaut context of a Lambda container, for the entry points on micronaut-function-aws: environments
 * {@code function}, {@code lambda} and {@code aws}, built and started while the container initialises (before a
 * SnapStart snapshot) and reused by every invocation. Unlike micronaut-function-aws's default, singletons and
 * configuration stay lazy: a function creates only what its handler needs, never the database pool of the services.
 */
final class FunctionContext {
    private FunctionContext() {
    }

    static ApplicationContextBuilder builder() {
        return ApplicationContext.builder(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA, "aws");
    }
}
