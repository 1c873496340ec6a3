package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.source.SourceName;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads of the applied-batch ledger in PostgreSQL ({@code applied_batches}, written only by {@link JdbcAggregateStore}
 * in the transaction of the upserts): lineage, freshness and the exactly-once check. JDBC failures surface as
 * {@link PortUnavailableException}.
 */
public final class JdbcAppliedBatchLedger implements AppliedBatchLedger {
    private static final String PORT = "applied-batch ledger";

    private final DataSource dataSource;

    /** {@code dataSource} should pool connections; each call borrows one. */
    public JdbcAppliedBatchLedger(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
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

    /** Two index scans: the event-time ranges (GiST, V4) and, for batches without one, the receive times (V2). */
    @Override
    public List<AppliedBatch> withEventsBetween(SourceName source, Instant from, Instant to, Instant receivedUntil, int limit) {
        String sql = "SELECT " + LedgerRows.COLUMNS + " FROM ("
                + "SELECT * FROM applied_batches WHERE source = ? AND first_event_at IS NOT NULL"
                + " AND tstzrange(first_event_at, last_event_at, '[]') && tstzrange(?, ?, '[)')"
                + " UNION ALL "
                + "SELECT * FROM applied_batches WHERE source = ? AND first_event_at IS NULL"
                + " AND coalesce(clean_records, 1) <> 0 AND received_at >= ? AND received_at < ?"
                + ") candidates ORDER BY received_at, batch_id LIMIT ?";
        return readEntries(sql, ps -> {
            ps.setString(1, source.value());
            LedgerRows.setInstant(ps, 2, from);
            LedgerRows.setInstant(ps, 3, to);
            ps.setString(4, source.value());
            LedgerRows.setInstant(ps, 5, from);
            LedgerRows.setInstant(ps, 6, receivedUntil);
            ps.setInt(7, limit);
        });
    }

    @Override
    public List<Activity> activity(Instant from, Instant to, Duration step) {
        String freshness = "extract(epoch FROM aggregated_at - received_at)";
        String sql = "SELECT floor(extract(epoch FROM aggregated_at - ?) * 1000 / ?)::bigint AS bucket, count(*), "
                + "coalesce(sum(raw_records), 0), coalesce(sum(rejected_records), 0), "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY " + freshness + "), "
                + "percentile_cont(0.99) WITHIN GROUP (ORDER BY " + freshness + ") "
                + "FROM applied_batches WHERE aggregated_at >= ? AND aggregated_at < ? GROUP BY 1 ORDER BY 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            LedgerRows.setInstant(ps, 1, from);
            ps.setLong(2, step.toMillis());
            LedgerRows.setInstant(ps, 3, from);
            LedgerRows.setInstant(ps, 4, to);
            List<Activity> buckets = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    buckets.add(new Activity(from.plus(step.multipliedBy(rs.getLong(1))), rs.getLong(2),
                            rs.getLong(3), rs.getLong(4), seconds(rs.getDouble(5)), seconds(rs.getDouble(6))));
                }
            }
            return buckets;
        } catch (SQLException e) {
            throw new PortUnavailableException(PORT, e);
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<AppliedBatch> readLedger(String tail, Binder binder) {
        return readEntries("SELECT " + LedgerRows.COLUMNS + " FROM applied_batches " + tail, binder);
    }

    private List<AppliedBatch> readEntries(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<AppliedBatch> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(LedgerRows.read(rs));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new PortUnavailableException(PORT, e);
        }
    }
}
