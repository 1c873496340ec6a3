package dev.tributary.adapters.aws.rds;

import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateKey;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.aggregation.MeasureState;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Aggregates and the applied-batch ledger in PostgreSQL. A batch's ledger row and all its upserts commit in one
 * transaction, so a batch counts exactly once however often it is delivered, also with several aggregator workers
 * applying batches concurrently (rows are upserted in key order; a deadlock or serialization failure retries the
 * whole transaction). JDBC failures surface as {@link PortUnavailableException}.
 */
public final class JdbcAggregateStore implements AggregateStore, AppliedBatchLedger {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcAggregateStore.class);
    private static final String PORT = "aggregate store";
    private static final int MAX_ATTEMPTS = 5;
    private static final long PREPARE_LOCK = 0x7472_6962_7574_6172L; // "tributar": one prepare at a time
    private static final Comparator<AggregateKey> KEY_ORDER = Comparator.comparing(AggregateKey::bucketStart)
            .thenComparing(k -> String.join("\u0000", k.dimensionValues()));
    private static final String LEDGER_COLUMNS = "batch_id, source, raw_records, clean_records, rejected_records, "
            + "received_at, raw_written_at, transformed_at, staged_at, aggregated_at, schema_version, raw_object, "
            + "staged_object";

    private final DataSource dataSource;

    /** {@code dataSource} should pool connections; each call borrows one. */
    public JdbcAggregateStore(DataSource dataSource) {
        this.dataSource = java.util.Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void prepare(List<SourceDefinition> sources) {
        JdbcSchema.migrate(dataSource);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + PREPARE_LOCK + ")"); // CREATE IF NOT EXISTS races otherwise
                for (SourceDefinition source : sources) {
                    for (AggregationSpec spec : source.aggregations()) {
                        for (String ddl : new AggregateTableSql(spec).ddl(source)) {
                            s.execute(ddl);
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PortUnavailableException(PORT, e);
        }
    }

    @Override
    public LedgerOutcome apply(Entry entry, List<AggregateDelta> deltas) {
        for (int attempt = 1; ; attempt++) {
            try {
                return applyOnce(entry, deltas);
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !isTransient(e)) {
                    throw new PortUnavailableException(PORT, e);
                }
                LOG.atWarn().addKeyValue("batchId", entry.lineage().batch()).addKeyValue("attempt", attempt)
                        .addKeyValue("sqlState", e.getSQLState()).log("aggregate transaction retried");
            }
        }
    }

    private LedgerOutcome applyOnce(Entry entry, List<AggregateDelta> deltas) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // Invariant 2: the ledger row and the upserts share one transaction, so a redelivered batch is a no-op.
                if (!insertLedgerRow(c, entry)) {
                    Instant first = firstAppliedAt(c, entry.lineage().batch());
                    c.rollback();
                    return new LedgerOutcome.AlreadyApplied(first);
                }
                List<AggregateDelta> byTable = new ArrayList<>(deltas);
                byTable.sort(Comparator.comparing(d -> d.spec().table())); // same lock order in every worker
                for (AggregateDelta delta : byTable) {
                    merge(c, delta);
                }
                c.commit();
                return new LedgerOutcome.Applied();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean insertLedgerRow(Connection c, Entry entry) throws SQLException {
        Lineage l = entry.lineage();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO applied_batches (" + LEDGER_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING")) {
            ps.setObject(1, l.batch().value());
            ps.setString(2, l.source().value());
            setCount(ps, 3, l.rawRecords());
            setCount(ps, 4, l.cleanRecords());
            setCount(ps, 5, l.rejectedRecords());
            setInstant(ps, 6, l.receivedAt());
            setInstant(ps, 7, l.rawWrittenAt());
            setInstant(ps, 8, l.transformedAt());
            setInstant(ps, 9, l.stagedAt());
            setInstant(ps, 10, entry.aggregatedAt());
            setCount(ps, 11, l.stagedAt() == null ? -1 : l.schemaVersion());
            ps.setString(12, entry.rawObject());
            ps.setString(13, entry.stagedObject());
            return ps.executeUpdate() == 1;
        }
    }

    private static Instant firstAppliedAt(Connection c, BatchId batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT aggregated_at FROM applied_batches WHERE batch_id = ?")) {
            ps.setObject(1, batch.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("ledger refused batch " + batch + " but has no row for it");
                }
                return instant(rs, 1);
            }
        }
    }

    /** Distinct values first (their inserts say how many are new), then one batched upsert of all rows in key order. */
    private static void merge(Connection c, AggregateDelta delta) throws SQLException {
        AggregateTableSql sql = new AggregateTableSql(delta.spec());
        List<Map.Entry<AggregateKey, List<MeasureState>>> rows = new ArrayList<>(delta.rows().entrySet());
        rows.sort(Map.Entry.comparingByKey(KEY_ORDER));
        List<Measure> measures = delta.spec().measures();
        long[][] newDistinct = new long[measures.size()][];
        for (int m = 0; m < measures.size(); m++) {
            if (measures.get(m).function() == MeasureFunction.DISTINCT_COUNT) {
                newDistinct[m] = insertDistinct(c, sql, measures.get(m), m, rows);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.upsert())) {
            for (int r = 0; r < rows.size(); r++) {
                int p = bindKey(ps, 1, rows.get(r).getKey());
                List<MeasureState> states = rows.get(r).getValue();
                for (int m = 0; m < measures.size(); m++) {
                    MeasureState s = states.get(m);
                    switch (measures.get(m).function()) {
                        case COUNT -> ps.setLong(p++, s.count());
                        case DISTINCT_COUNT -> ps.setLong(p++, newDistinct[m][r]);
                        case SUM -> ps.setBigDecimal(p++, s.sum());
                        case MIN -> setDecimal(ps, p++, s.min());
                        case MAX -> setDecimal(ps, p++, s.max());
                        case AVG -> {
                            ps.setBigDecimal(p++, s.sum());
                            ps.setLong(p++, s.count());
                            ps.setLong(p++, s.count());
                        }
                    }
                }
                for (int m = 0; m < measures.size(); m++) {
                    if (measures.get(m).function() == MeasureFunction.AVG) {
                        ps.setBigDecimal(p++, states.get(m).sum());
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Returns, per row, how many of its distinct values the side table did not have yet. */
    private static long[] insertDistinct(Connection c, AggregateTableSql sql, Measure measure, int index,
                                         List<Map.Entry<AggregateKey, List<MeasureState>>> rows) throws SQLException {
        long[] inserted = new long[rows.size()];
        List<Integer> batched = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.insertDistinct(measure))) {
            for (int r = 0; r < rows.size(); r++) {
                List<String> values = List.copyOf(rows.get(r).getValue().get(index).distinct()); // sorted
                if (values.isEmpty()) {
                    continue;
                }
                int p = bindKey(ps, 1, rows.get(r).getKey());
                ps.setArray(p, c.createArrayOf("text", values.toArray()));
                ps.addBatch();
                batched.add(r);
            }
            if (batched.isEmpty()) {
                return inserted;
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    throw new IllegalStateException("driver did not report inserted rows (reWriteBatchedInserts?)");
                }
                inserted[batched.get(i)] = counts[i];
            }
            return inserted;
        }
    }

    @Override
    public AggregateTable query(AggregationSpec spec, AggregateQuery query) {
        List<String> filtered = spec.dimensions().stream().map(Dimension::column)
                .filter(query.dimensions()::containsKey).toList();
        if (filtered.size() != query.dimensions().size()) {
            throw new IllegalArgumentException("aggregation '" + spec.table() + "' has no dimension among "
                    + query.dimensions().keySet());
        }
        AggregateTableSql sql = new AggregateTableSql(spec);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql.select(filtered))) {
            int p = 1;
            setInstant(ps, p++, query.from());
            setInstant(ps, p++, query.to());
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
            return new AggregateTable(sql.columns(), rows);
        } catch (SQLException e) {
            throw new PortUnavailableException(PORT, e);
        }
    }

    private static List<Object> readRow(ResultSet rs, AggregationSpec spec) throws SQLException {
        List<Object> row = new ArrayList<>();
        int col = 1;
        row.add(instant(rs, col++));
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

    @Override
    public Optional<Entry> find(BatchId batch) {
        List<Entry> found = readLedger("WHERE batch_id = ?", ps -> ps.setObject(1, batch.value()));
        return found.stream().findFirst();
    }

    @Override
    public long count(Optional<SourceName> source) {
        String sql = "SELECT count(*) FROM applied_batches" + (source.isPresent() ? " WHERE source = ?" : "");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (source.isPresent()) {
                ps.setString(1, source.get().value());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new PortUnavailableException(PORT, e);
        }
    }

    @Override
    public List<Entry> recent(int limit) {
        return readLedger("ORDER BY aggregated_at DESC, batch_id DESC LIMIT ?", ps -> ps.setInt(1, limit));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Entry> readLedger(String tail, Binder binder) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + LEDGER_COLUMNS + " FROM applied_batches " + tail)) {
            binder.bind(ps);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Lineage lineage = new Lineage(new BatchId(rs.getObject("batch_id", UUID.class)),
                            new SourceName(rs.getString("source")), instant(rs, "received_at"),
                            count(rs, "raw_records"), instant(rs, "raw_written_at"), count(rs, "clean_records"),
                            count(rs, "rejected_records"), instant(rs, "transformed_at"), instant(rs, "staged_at"),
                            Math.max(0, count(rs, "schema_version")));
                    entries.add(new Entry(lineage, rs.getString("raw_object"), rs.getString("staged_object"),
                            instant(rs, "aggregated_at")));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new PortUnavailableException(PORT, e);
        }
    }

    // --- JDBC value mapping -------------------------------------------------------------------------------------

    private static int bindKey(PreparedStatement ps, int first, AggregateKey key) throws SQLException {
        int p = first;
        setInstant(ps, p++, key.bucketStart());
        for (String v : key.dimensionValues()) {
            ps.setString(p++, v);
        }
        return p;
    }

    /** Lineage uses -1 for a count not known yet; the ledger stores NULL. */
    private static void setCount(PreparedStatement ps, int index, int value) throws SQLException {
        if (value < 0) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static int count(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? -1 : v;
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    private static void setDecimal(PreparedStatement ps, int index, BigDecimal value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NUMERIC);
        } else {
            ps.setBigDecimal(index, value);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Deadlock (40P01) or serialization failure (40001), possibly wrapped in a batch exception: safe to retry. */
    private static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    if ("40P01".equals(n.getSQLState()) || "40001".equals(n.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
