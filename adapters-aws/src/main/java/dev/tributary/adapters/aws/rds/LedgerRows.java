package dev.tributary.adapters.aws.rds;

import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.source.SourceName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Rows of {@code applied_batches} (see V1__applied_batches.sql) to and from ledger entries, and instants to timestamptz. */
final class LedgerRows {
    static final String COLUMNS = "batch_id, source, raw_records, clean_records, rejected_records, received_at, "
            + "raw_written_at, transformed_at, staged_at, aggregated_at, schema_version, raw_object, staged_object";

    private LedgerRows() {
    }

    /** Inserts the entry unless its batch is already there; true when it was inserted. */
    static boolean insert(Connection c, AppliedBatchLedger.Entry entry) throws SQLException {
        Lineage l = entry.lineage();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO applied_batches (" + COLUMNS
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

    static Instant firstAppliedAt(Connection c, BatchId batch) throws SQLException {
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

    static AppliedBatchLedger.Entry read(ResultSet rs) throws SQLException {
        Lineage lineage = new Lineage(new BatchId(rs.getObject("batch_id", UUID.class)),
                new SourceName(rs.getString("source")), instant(rs, "received_at"),
                count(rs, "raw_records"), instant(rs, "raw_written_at"), count(rs, "clean_records"),
                count(rs, "rejected_records"), instant(rs, "transformed_at"), instant(rs, "staged_at"),
                Math.max(0, count(rs, "schema_version")));
        return new AppliedBatchLedger.Entry(lineage, rs.getString("raw_object"), rs.getString("staged_object"),
                instant(rs, "aggregated_at"));
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

    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

}
