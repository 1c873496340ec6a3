package dev.tributary.application.refusal;

/** An {@code Idempotency-Key} that cannot be a key (empty, too long, not visible ASCII). */
public class InvalidIdempotencyKeyException extends RuntimeException {
    public InvalidIdempotencyKeyException(String message) {
        super(message);
    }
}
