package dev.tributary.application.refusal;

/** A request named a source the catalog does not have. */
public class UnknownSourceException extends RuntimeException {
    private final String source;

    public UnknownSourceException(String source) {
        super("unknown source '" + source + "'");
        this.source = source;
    }

    public String source() {
        return source;
    }
}
