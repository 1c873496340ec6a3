package dev.tributary.application.refusal;

/** A page was asked for after a cursor no earlier page gave out (it is not repeated: it is whatever the caller sent). */
public class InvalidCursorException extends RuntimeException {
    public InvalidCursorException() {
        super("the cursor is not one a page gave out; pass a page's 'next' value unchanged, or none for the newest");
    }
}
