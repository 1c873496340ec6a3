package dev.tributary.application.refusal;

/** A post's envelope cannot be read (not JSON, a bad NDJSON line, a CSV without header); says where, not what. */
public class MalformedBatchException extends RuntimeException {
    public MalformedBatchException(String message) {
        super(message);
    }

    public MalformedBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
