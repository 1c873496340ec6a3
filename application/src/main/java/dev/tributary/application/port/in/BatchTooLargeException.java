package dev.tributary.application.port.in;

/** A post exceeds the configured byte or record limit. */
public class BatchTooLargeException extends RuntimeException {
    public BatchTooLargeException(String message) {
        super(message);
    }
}
