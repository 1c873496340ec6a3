package dev.tributary.adapters.postgres;

/**
 * Where an aggregation's tables are created: the aggregate table in {@code reports}, its side tables in
 * {@code internal}. {@link #LIVE} is what readers see; a replay builds beside it in one schema of its own and then
 * moves the tables over in one transaction.
 */
record TableSchemas(String reports, String internal) {
    static final TableSchemas LIVE = new TableSchemas(JdbcSchema.REPORTS, JdbcSchema.INTERNAL);
}
