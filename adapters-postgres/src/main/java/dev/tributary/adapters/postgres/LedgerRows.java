package dev.tributary.adapters.postgres;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.EventRange;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.source.SourceName;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Ledger entries to and from rows of {@code applied_batches} ({@link AppliedBatchRow}), and instants to and from
 * timestamptz for the SQL built per aggregation.
 */
final class LedgerRows {

    private LedgerRows() {
    }

    static AppliedBatchRow row(AppliedBatch entry) {
        Lineage l = entry.lineage();
        EventRange events = entry.events();
        return new AppliedBatchRow(l.batch().value(), l.source().value(), count(l.rawRecords()),
                count(l.cleanRecords()), count(l.rejectedRecords()), l.receivedAt(), l.rawWrittenAt(),
                l.transformedAt(), l.stagedAt(), entry.aggregatedAt(),
                l.stagedAt() == null ? null : count(l.schemaVersion()), entry.rawObject(), entry.stagedObject(),
                events == null ? null : events.first(), events == null ? null : events.last(),
                entry.definitionVersion());
    }

    static AppliedBatch entry(AppliedBatchRow row) {
        Lineage lineage = new Lineage(new BatchId(row.batchId()), new SourceName(row.source()), row.receivedAt(),
                count(row.rawRecords()), row.rawWrittenAt(), count(row.cleanRecords()),
                count(row.rejectedRecords()), row.transformedAt(), row.stagedAt(),
                Math.max(0, count(row.schemaVersion())), row.definitionVersion());
        return new AppliedBatch(lineage, row.rawObject(), row.stagedObject(), row.aggregatedAt(),
                row.firstEventAt() == null ? null : new EventRange(row.firstEventAt(), row.lastEventAt()),
                row.definitionVersion());
    }

    /** Lineage uses -1 for a count not known yet; the ledger stores NULL. */
    private static Integer count(int value) {
        return value < 0 ? null : value;
    }

    private static int count(Integer value) {
        return value == null ? -1 : value;
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
}
