package dev.tributary.application.refusal;

/** A request named an aggregation its source does not declare. */
public class UnknownAggregationException extends RuntimeException {
    public UnknownAggregationException(String source, String aggregation) {
        super("source '" + source + "' has no aggregation '" + aggregation + "'");
    }
}
