package dev.tributary.application.refusal;

/** A quarantined batch holds no record worth redriving (only duplicates, whose first copy counted). */
public class NothingToRedriveException extends RuntimeException {
    public NothingToRedriveException(String path) {
        super("'" + path + "' holds only duplicates; their first copies were counted, so nothing is redriven");
    }
}
