package dev.tributary.application.refusal;

/** A query filtered on a column that is not a dimension of the aggregation. */
public class UnknownDimensionException extends RuntimeException {
    public UnknownDimensionException(String aggregation, String column, java.util.List<String> dimensions) {
        super("aggregation '" + aggregation + "' has no dimension '" + column + "'; its dimensions are "
                + (dimensions.isEmpty() ? "none" : String.join(", ", dimensions)));
    }
}
