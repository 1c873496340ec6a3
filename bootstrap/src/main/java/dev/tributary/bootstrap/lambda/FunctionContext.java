package dev.tributary.bootstrap.lambda;

import io.micronaut.context.ApplicationContext;

/**
 * The Micronaut context of a Lambda container, built once on the first invocation (environments {@code aws} and
 * {@code function}) and reused by every later invocation of the same container.
 */
final class FunctionContext {
    private static ApplicationContext context;

    private FunctionContext() {
    }

    static synchronized <T> T bean(Class<T> type) {
        if (context == null) {
            context = ApplicationContext.builder().environments("aws", "function").start();
        }
        return context.getBean(type);
    }
}
