package dev.tributary.application.refusal;

/** A post exceeds the configured byte or record limit. */
public class BatchTooLargeException extends RuntimeException {
    public BatchTooLargeException(String message) {
        super(message);
    }
}
