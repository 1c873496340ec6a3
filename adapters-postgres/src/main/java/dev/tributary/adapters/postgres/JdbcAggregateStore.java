package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.UnknownField;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import io.micronaut.transaction.TransactionOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Aggregates in PostgreSQL, written together with the applied-batch ledger ({@link JdbcAppliedBatchLedger} reads it):
 * a group of batches' ledger rows (Micronaut Data's {@link AppliedBatchRepository}) and all their upserts (SQL built
 * per aggregation, {@link DeltaUpserts}) commit in one Micronaut Data transaction on one connection, so a batch
 * counts exactly once however often it is delivered, also with several aggregator workers applying batches
 * concurrently (rows are upserted in key order; a deadlock, a serialization failure or a ledger row inserted by
 * another worker meanwhile retries the whole transaction). The database being unreachable surfaces as
 * {@link PortUnavailableException} of PostgreSQL; a call it refuses as {@link IllegalStateException} ({@link DatabaseCalls}).
 */
public final class JdbcAggregateStore implements AggregateStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcAggregateStore.class);
    private static final String PORT = "aggregate store";
    private static final int MAX_ATTEMPTS = 5;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final Set<String> TRANSIENT = Set.of("40P01", "40001", UNIQUE_VIOLATION);
    private static final long PREPARE_LOCK = 0x7472_6962_7574_6172L; // "tributar": one prepare at a time

    private final TransactionOperations<Connection> transactions;
    private final AppliedBatchRepository ledger;
    private final DataSource migrations;

    /**
     * {@code transactions} and {@code ledger} are Micronaut Data's beans of the data source named
     * {@value JdbcSchema#DATA_SOURCE}; {@code dataSource} is that data source, for the Flyway migrations.
     */
    public JdbcAggregateStore(DataSource dataSource, TransactionOperations<Connection> transactions,
                              AppliedBatchRepository ledger) {
        this.migrations = Objects.requireNonNull(dataSource, "dataSource");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public void prepare(List<SourceDefinition> sources) {
        JdbcSchema.migrate(migrations);
        DatabaseCalls.call(PORT, () -> transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + PREPARE_LOCK + ")"); // CREATE IF NOT EXISTS races otherwise
                for (SourceDefinition source : sources) {
                    for (AggregationSpec spec : source.aggregations()) {
                        AggregateTableSql sql = new AggregateTableSql(spec);
                        if (inPublicOnly(c, spec.table())) {
                            for (String move : sql.moveFromPublic()) {
                                s.execute(move);
                            }
                        }
                        for (String ddl : sql.ddl(source)) {
                            s.execute(ddl);
                        }
                    }
                }
            }
            describeTables(c, sources);
            markNoLongerFilled(c, sources);
            return null;
        }));
    }

    /**
     * Marks the report tables of aggregations no source declares any more (removed or renamed in the YAML): their rows
     * stay, as history someone may still read, but the catalog and the table's comment say that nothing fills them
     * since this start, so no reader takes them for current. A table declared again is filled and described again;
     * one dropped by hand leaves the catalog.
     */
    private static void markNoLongerFilled(Connection c, List<SourceDefinition> sources) throws SQLException {
        Object[] declared = sources.stream().flatMap(s -> s.aggregations().stream()).map(AggregationSpec::table)
                .toArray();
        List<String> comments = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM tributary.report_tables"
                    + " WHERE to_regclass(format('%I.%I', '" + JdbcSchema.REPORTS + "', table_name)) IS NULL");
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE tributary.report_tables SET no_longer_filled_since = clock_timestamp()
                WHERE no_longer_filled_since IS NULL AND NOT (table_name = ANY (?))
                RETURNING table_name, source, title, no_longer_filled_since""")) {
            ps.setArray(1, c.createArrayOf("text", declared));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    Instant since = rs.getTimestamp(4).toInstant();
                    LOG.atWarn().addKeyValue("table", table).addKeyValue("source", rs.getString(2))
                            .log("report table no longer filled: no source declares its aggregation; rows kept");
                    comments.add("COMMENT ON TABLE " + JdbcSchema.REPORTS + "." + AggregateTableSql.quote(table)
                            + " IS " + AggregateTableSql.literal("No longer filled since " + since + ": no source "
                            + "declares this aggregation any more (it was " + rs.getString(3) + ", from source "
                            + rs.getString(2) + "). Its rows are kept; drop the table when no report needs them."));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String comment : comments) {
                s.execute(comment);
            }
        }
    }

    /** A table of a database from before the two schemas: in public, not yet in reports. */
    private static boolean inPublicOnly(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL AND to_regclass(?) IS NULL")) {
            ps.setString(1, "public." + AggregateTableSql.quote(table));
            ps.setString(2, JdbcSchema.REPORTS + "." + AggregateTableSql.quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The catalog view's list of report tables. */
    private static void describeTables(Connection c, List<SourceDefinition> sources) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO tributary.report_tables (table_name, source, title, description, row_per)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (table_name) DO UPDATE SET source = EXCLUDED.source,
                    title = EXCLUDED.title, description = EXCLUDED.description, row_per = EXCLUDED.row_per,
                    no_longer_filled_since = NULL""")) {
            for (SourceDefinition source : sources) {
                for (AggregationSpec spec : source.aggregations()) {
                    ps.setString(1, spec.table());
                    ps.setString(2, source.name().value());
                    ps.setString(3, spec.title());
                    ps.setString(4, spec.title() + ". From source " + source.name() + " (" + source.title() + ").");
                    ps.setString(5, new AggregateTableSql(spec).rowPer());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    @Override
    public void recordVersions(List<SourceDefinition> sources, Map<SourceName, DefinitionVersion> versions) {
        DatabaseCalls.call(PORT, () -> transactions.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("""
                    INSERT INTO tributary.source_definitions (source, version, title, description, definition,
                        first_started, last_started)
                    VALUES (?, ?, ?, ?, ?, clock_timestamp(), clock_timestamp()) ON CONFLICT (source, version)
                    DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
                        last_started = EXCLUDED.last_started""")) {
                for (SourceDefinition source : sources) {
                    DefinitionVersion version = versions.get(source.name());
                    if (version == null) {
                        continue;
                    }
                    ps.setString(1, source.name().value());
                    ps.setString(2, version.id());
                    ps.setString(3, source.title());
                    ps.setString(4, source.description());
                    ps.setString(5, version.canonical());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        }));
    }

    @Override
    public Map<SourceName, DefinitionVersion> recordedVersions() {
        return DatabaseCalls.call(PORT, () -> transactions.executeRead(status -> {
            Map<SourceName, DefinitionVersion> versions = new TreeMap<>();
            try (Statement s = status.getConnection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT ON (source) source, version, definition"
                         + " FROM tributary.source_definitions ORDER BY source, last_started DESC")) {
                while (rs.next()) {
                    versions.put(new SourceName(rs.getString(1)),
                            new DefinitionVersion(rs.getString(2), rs.getString(3)));
                }
            }
            return versions;
        }));
    }

    @Override
    public List<LedgerOutcome> applyAll(List<BatchDeltas> batches) {
        if (batches.isEmpty()) {
            return List.of();
        }
        boolean lookUp = false;   // redeliveries are rare: insert at once; a row already there fails that (23505)
        for (int attempt = 1; ; attempt++) {
            boolean lookUpFirst = lookUp;
            try {
                return transactions.executeWrite(status -> applyOnce(status.getConnection(), batches, lookUpFirst));
            } catch (Exception e) {        // the callback's SQLException arrives unwrapped (sneaky), others wrapped
                String state = transientState(e);
                if (attempt >= MAX_ATTEMPTS || state == null) {
                    throw DatabaseCalls.failure(PORT, e);
                }
                if (UNIQUE_VIOLATION.equals(state) && !lookUp) {
                    lookUp = true;
                    LOG.atDebug().addKeyValue("batchId", batches.get(0).entry().lineage().batch())
                            .addKeyValue("batches", batches.size()).log("a batch is in the ledger already: looking up");
                    continue;
                }
                LOG.atWarn().addKeyValue("batchId", batches.get(0).entry().lineage().batch())
                        .addKeyValue("batches", batches.size()).addKeyValue("attempt", attempt)
                        .addKeyValue("sqlState", state).log("aggregate transaction retried");
            }
        }
    }

    /**
     * The ledger first: with {@code lookUpFirst}, the batches it holds already were applied before; the others' rows
     * go in as one batched insert, and their deltas follow, combined so that each aggregate row is upserted once per
     * transaction.
     */
    private List<LedgerOutcome> applyOnce(Connection c, List<BatchDeltas> batches, boolean lookUpFirst)
            throws SQLException {
        Map<UUID, BatchDeltas> firstOfEach = new TreeMap<>();             // batch id order: same lock order everywhere
        batches.forEach(b -> firstOfEach.putIfAbsent(b.entry().lineage().batch().value(), b));
        Map<BatchId, Instant> earlier = new HashMap<>();
        if (lookUpFirst) {
            ledger.findByBatchIdIn(firstOfEach.keySet())
                    .forEach(row -> earlier.put(new BatchId(row.batchId()), row.aggregatedAt()));
        }
        List<BatchDeltas> fresh = firstOfEach.values().stream()
                .filter(b -> !earlier.containsKey(b.entry().lineage().batch())).toList();
        if (fresh.isEmpty()) {
            return outcomes(batches, earlier);
        }
        // Invariant 2: the ledger rows and the upserts share one transaction, so a redelivered batch is a no-op: its
        // row, already there or inserted by another worker meanwhile, fails this insert (23505) and the retry.
        ledger.saveAll(fresh.stream().map(b -> LedgerRows.row(b.entry())).toList());
        countUnknownFields(c, fresh);
        List<AggregateDelta> byTable = new ArrayList<>(AggregateDelta.combine(
                fresh.stream().flatMap(b -> b.deltas().stream()).toList()));
        byTable.sort(Comparator.comparing(d -> d.spec().table())); // same lock order in every worker
        for (AggregateDelta delta : byTable) {
            DeltaUpserts.merge(c, delta);
        }
        return outcomes(batches, earlier);
    }

    /** Each fresh batch's undeclared fields, in its ledger transaction: a batch delivered twice counts once. */
    private static void countUnknownFields(Connection c, List<BatchDeltas> fresh) throws SQLException {
        if (fresh.stream().allMatch(b -> b.entry().lineage().unknownFields().isEmpty())) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO tributary.unknown_fields AS u (source, field, records, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, field) DO UPDATE SET records = u.records + EXCLUDED.records,
                    first_seen = LEAST(u.first_seen, EXCLUDED.first_seen),
                    last_seen = GREATEST(u.last_seen, EXCLUDED.last_seen)""")) {
            // one row per source and field, in key order: the same lock order in every worker
            Map<List<String>, UnknownField> combined = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                    .thenComparing(k -> k.get(1)));
            for (BatchDeltas b : fresh) {
                var l = b.entry().lineage();
                l.unknownFields().records().forEach((field, records) -> combined.merge(List.of(l.source().value(),
                        field), new UnknownField(l.source(), field, records, l.receivedAt(), l.receivedAt()),
                        UnknownField::plus));
            }
            for (UnknownField u : combined.values()) {
                ps.setString(1, u.source().value());
                ps.setString(2, u.field());
                ps.setLong(3, u.records());
                LedgerRows.setInstant(ps, 4, u.firstSeen());
                LedgerRows.setInstant(ps, 5, u.lastSeen());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** In the callers' order; a batch listed again after its first, applied, occurrence was applied by that one. */
    private static List<LedgerOutcome> outcomes(List<BatchDeltas> batches, Map<BatchId, Instant> earlier) {
        Map<BatchId, Instant> appliedHere = new HashMap<>();
        List<LedgerOutcome> outcomes = new ArrayList<>();
        for (BatchDeltas b : batches) {
            BatchId id = b.entry().lineage().batch();
            if (earlier.containsKey(id)) {
                outcomes.add(new LedgerOutcome.AlreadyApplied(earlier.get(id)));
            } else if (appliedHere.containsKey(id)) {
                outcomes.add(new LedgerOutcome.AlreadyApplied(appliedHere.get(id)));
            } else {
                appliedHere.put(id, b.entry().aggregatedAt());
                outcomes.add(new LedgerOutcome.Applied());
            }
        }
        return outcomes;
    }

    @Override
    public AggregateTable query(AggregationSpec spec, AggregateQuery query) {
        List<String> filtered = spec.dimensions().stream().map(Dimension::column)
                .filter(query.dimensions()::containsKey).toList();
        if (filtered.size() != query.dimensions().size()) {
            throw new IllegalArgumentException("aggregation '" + spec.table() + "' has no dimension among "
                    + query.dimensions().keySet());
        }
        Bucket bucket = query.bucketOf(spec);
        AggregateTableSql sql = new AggregateTableSql(spec);
        return DatabaseCalls.call(PORT, () -> transactions.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(sql.select(filtered, bucket))) {
                int p = 1;
                // Bucket starts in [from, to) are the starts in [startOnOrAfter(from), startOnOrAfter(to)); rolled
                // up, these bounds take the finer rows of whole coarser buckets only, and the time index works.
                LedgerRows.setInstant(ps, p++, bucket.startOnOrAfter(query.from()));
                LedgerRows.setInstant(ps, p++, bucket.startOnOrAfter(query.to()));
                for (String d : filtered) {
                    ps.setString(p++, query.dimensions().get(d));
                }
                ps.setInt(p, query.limit());
                List<List<Object>> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(readRow(rs, spec));
                    }
                }
                return new AggregateTable(sql.columns(bucket), rows);
            }
        }));
    }


    private static List<Object> readRow(ResultSet rs, AggregationSpec spec) throws SQLException {
        List<Object> row = new ArrayList<>();
        int col = 1;
        row.add(LedgerRows.instant(rs, col++));
        for (int i = 0; i < spec.dimensions().size(); i++) {
            row.add(rs.getString(col++));
        }
        for (Measure m : spec.measures()) {
            if (m.function() == MeasureFunction.COUNT || m.function() == MeasureFunction.DISTINCT_COUNT) {
                long v = rs.getLong(col++);
                row.add(rs.wasNull() ? null : v);
            } else {
                row.add(plain(rs.getBigDecimal(col++)));
            }
        }
        return row;
    }

    private static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * The SQL state of a failure that is safe to retry, else null: a deadlock (40P01), a serialization failure
     * (40001) or a ledger row another worker inserted meanwhile (23505), possibly wrapped or in a batch exception.
     */
    private static String transientState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    if (TRANSIENT.contains(n.getSQLState())) {
                        return n.getSQLState();
                    }
                }
            }
        }
        return null;
    }
}
