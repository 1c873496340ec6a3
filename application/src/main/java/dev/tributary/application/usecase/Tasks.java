package dev.tributary.application.usecase;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work a use case handed to its own threads. */
final class Tasks {
    private Tasks() {
    }

    /** The task's result; its failure as the task threw it, so the caller fails as if it had run the task itself. */
    static <T> T joined(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a task", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
