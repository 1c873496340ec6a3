package dev.tributary.bootstrap.faults;

/**
 * The tables the fault checker reads, named in this one place: the ledger among the internals (schema
 * {@code tributary}), the aggregate tables where people read them (schema {@code reports}).
 */
public final class CheckedTables {
    /** The applied-batch ledger: one row per batch that reached the aggregates (invariant 2). */
    public static final String LEDGER = "tributary.applied_batches";

    private CheckedTables() {
    }

    /** An aggregation's table as a query names it. */
    public static String aggregate(String table) {
        return "reports." + table;
    }
}
