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
import dev.tributary.domain.source.SourceDefinition;
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
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Aggregates in PostgreSQL, written together with the applied-batch ledger ({@link JdbcAppliedBatchLedger} reads it):
 * a group of batches' ledger rows and all their upserts commit
 * in one transaction, so a batch counts exactly once however often it is delivered, also with several aggregator workers
 * applying batches concurrently (rows are upserted in key order; a deadlock or serialization failure retries the
 * whole transaction). JDBC failures surface as {@link PortUnavailableException}.
 */
public final class JdbcAggregateStore implements AggregateStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcAggregateStore.class);
    private static final String PORT = "aggregate store";
    private static final int MAX_ATTEMPTS = 5;
    private static final long PREPARE_LOCK = 0x7472_6962_7574_6172L; // "tributar": one prepare at a time

    private final DataSource dataSource;

    /** {@code dataSource} should pool connections; each call borrows one. */
    public JdbcAggregateStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
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
    public List<LedgerOutcome> applyAll(List<BatchDeltas> batches) {
        if (batches.isEmpty()) {
            return List.of();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return applyOnce(batches);
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !isTransient(e)) {
                    throw new PortUnavailableException(PORT, e);
                }
                LOG.atWarn().addKeyValue("batchId", batches.get(0).entry().lineage().batch())
                        .addKeyValue("batches", batches.size()).addKeyValue("attempt", attempt)
                        .addKeyValue("sqlState", e.getSQLState()).log("aggregate transaction retried");
            }
        }
    }

    /**
     * Ledger rows first, all in one statement; then the deltas of the batches it inserted, combined so that each
     * aggregate row is upserted once per transaction.
     */
    private List<LedgerOutcome> applyOnce(List<BatchDeltas> batches) throws SQLException {
        Map<BatchId, BatchDeltas> firstOfEach = new TreeMap<>();          // batch id order: same lock order everywhere
        batches.forEach(b -> firstOfEach.putIfAbsent(b.entry().lineage().batch(), b));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // Invariant 2: the ledger rows and the upserts share one transaction, so a redelivered batch is a no-op.
                Set<BatchId> inserted = LedgerRows.insertAll(c, firstOfEach.values().stream().map(BatchDeltas::entry)
                        .toList());
                List<AggregateDelta> fresh = firstOfEach.values().stream()
                        .filter(b -> inserted.contains(b.entry().lineage().batch()))
                        .flatMap(b -> b.deltas().stream()).toList();
                List<AggregateDelta> byTable = new ArrayList<>(AggregateDelta.combine(fresh));
                byTable.sort(Comparator.comparing(d -> d.spec().table())); // same lock order in every worker
                for (AggregateDelta delta : byTable) {
                    DeltaUpserts.merge(c, delta);
                }
                Set<BatchId> refused = new HashSet<>(firstOfEach.keySet());
                refused.removeAll(inserted);
                Map<BatchId, Instant> earlier = refused.isEmpty() ? Map.of() : LedgerRows.appliedAt(c, refused);
                c.commit();
                return outcomes(batches, inserted, earlier);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** In the callers' order; a batch listed again after its first, applied, occurrence was applied by that one. */
    private static List<LedgerOutcome> outcomes(List<BatchDeltas> batches, Set<BatchId> inserted,
                                                Map<BatchId, Instant> earlier) {
        Map<BatchId, Instant> appliedHere = new HashMap<>();
        List<LedgerOutcome> outcomes = new ArrayList<>();
        for (BatchDeltas b : batches) {
            BatchId id = b.entry().lineage().batch();
            if (earlier.containsKey(id)) {
                outcomes.add(new LedgerOutcome.AlreadyApplied(earlier.get(id)));
            } else if (appliedHere.containsKey(id)) {
                outcomes.add(new LedgerOutcome.AlreadyApplied(appliedHere.get(id)));
            } else if (inserted.contains(id)) {
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
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql.select(filtered, bucket))) {
            int p = 1;
            // Bucket starts in [from, to) are the starts in [startOnOrAfter(from), startOnOrAfter(to)); rolled up,
            // these bounds take the finer rows of whole coarser buckets only, and the index on the time column works.
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
        } catch (SQLException e) {
            throw new PortUnavailableException(PORT, e);
        }
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
