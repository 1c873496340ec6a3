package dev.tributary.adapters.postgres;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.EventRange;
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
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Rows of {@code applied_batches} (see V1__applied_batches.sql, V4__applied_batches_event_times.sql) to and from
 * ledger entries, and instants to timestamptz.
 */
final class LedgerRows {
    static final String COLUMNS = "batch_id, source, raw_records, clean_records, rejected_records, received_at, "
            + "raw_written_at, transformed_at, staged_at, aggregated_at, schema_version, raw_object, staged_object, "
            + "first_event_at, last_event_at";

    private LedgerRows() {
    }

    /** Inserts the entries whose batch is not there yet, in one statement; returns the batches it inserted. */
    static Set<BatchId> insertAll(Connection c, List<AppliedBatch> entries) throws SQLException {
        String row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO applied_batches (" + COLUMNS + ") VALUES "
                + String.join(", ", Collections.nCopies(entries.size(), row))
                + " ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id")) {
            int p = 1;
            for (AppliedBatch entry : entries) {
                p = bind(ps, p, entry);
            }
            Set<BatchId> inserted = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(new BatchId(rs.getObject(1, UUID.class)));
                }
            }
            return inserted;
        }
    }

    private static int bind(PreparedStatement ps, int first, AppliedBatch entry) throws SQLException {
        Lineage l = entry.lineage();
        int p = first;
        ps.setObject(p++, l.batch().value());
        ps.setString(p++, l.source().value());
        setCount(ps, p++, l.rawRecords());
        setCount(ps, p++, l.cleanRecords());
        setCount(ps, p++, l.rejectedRecords());
        setInstant(ps, p++, l.receivedAt());
        setInstant(ps, p++, l.rawWrittenAt());
        setInstant(ps, p++, l.transformedAt());
        setInstant(ps, p++, l.stagedAt());
        setInstant(ps, p++, entry.aggregatedAt());
        setCount(ps, p++, l.stagedAt() == null ? -1 : l.schemaVersion());
        ps.setString(p++, entry.rawObject());
        ps.setString(p++, entry.stagedObject());
        setInstant(ps, p++, entry.events() == null ? null : entry.events().first());
        setInstant(ps, p++, entry.events() == null ? null : entry.events().last());
        return p;
    }

    /** When each of the batches was applied, for batches the ledger refused because they are there already. */
    static Map<BatchId, Instant> appliedAt(Connection c, Collection<BatchId> batches) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT batch_id, aggregated_at FROM applied_batches WHERE batch_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("uuid", batches.stream().map(BatchId::value).toArray()));
            Map<BatchId, Instant> found = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(new BatchId(rs.getObject(1, UUID.class)), instant(rs, 2));
                }
            }
            for (BatchId batch : batches) {
                if (!found.containsKey(batch)) {
                    throw new IllegalStateException("ledger refused batch " + batch + " but has no row for it");
                }
            }
            return found;
        }
    }

    static AppliedBatch read(ResultSet rs) throws SQLException {
        Lineage lineage = new Lineage(new BatchId(rs.getObject("batch_id", UUID.class)),
                new SourceName(rs.getString("source")), instant(rs, "received_at"),
                count(rs, "raw_records"), instant(rs, "raw_written_at"), count(rs, "clean_records"),
                count(rs, "rejected_records"), instant(rs, "transformed_at"), instant(rs, "staged_at"),
                Math.max(0, count(rs, "schema_version")));
        Instant firstEvent = instant(rs, "first_event_at");
        return new AppliedBatch(lineage, rs.getString("raw_object"), rs.getString("staged_object"),
                instant(rs, "aggregated_at"), firstEvent == null ? null
                : new EventRange(firstEvent, instant(rs, "last_event_at")));
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
