package dev.tributary.application.refusal;

/** A request named a quarantine object the lake does not hold. */
public class QuarantineObjectNotFoundException extends RuntimeException {
    public QuarantineObjectNotFoundException(String path) {
        super("no quarantine object at '" + path + "'");
    }
}
