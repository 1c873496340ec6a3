package dev.tributary.bootstrap.faults;

/**
 * The tables the fault checker reads, named in this one place: when the ledger and the aggregate tables move to
 * schemas of their own, only these two names change.
 */
public final class CheckedTables {
    /** The applied-batch ledger: one row per batch that reached the aggregates (invariant 2). */
    public static final String LEDGER = "applied_batches";

    private CheckedTables() {
    }

    /** An aggregation's table as a query names it. */
    public static String aggregate(String table) {
        return table;
    }
}
