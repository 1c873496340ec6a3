package dev.tributary.application.refusal;

/** A post's content type is not the format its source declares. */
public class UnsupportedContentTypeException extends RuntimeException {
    public UnsupportedContentTypeException(String message) {
        super(message);
    }
}
