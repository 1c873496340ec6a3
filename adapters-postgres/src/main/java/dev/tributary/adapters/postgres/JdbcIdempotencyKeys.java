package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.IdempotencyKeys.KeyDigest;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Idempotency keys in PostgreSQL (RDS), shared by every ingest instance: one upsert per key decides atomically
 * whether the key is new (or expired, then it takes the candidate) or already maps to a batch, and returns that
 * batch id. Keys arrive as their SHA-256 only.
 */
public final class JdbcIdempotencyKeys implements IdempotencyKeys {
    private static final String REMEMBER = """
            INSERT INTO idempotency_keys AS k (source, key_sha256, batch_id, remembered_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (source, key_sha256) DO UPDATE SET
                batch_id = CASE WHEN k.remembered_at < ? THEN excluded.batch_id ELSE k.batch_id END,
                remembered_at = CASE WHEN k.remembered_at < ? THEN excluded.remembered_at ELSE k.remembered_at END
            RETURNING batch_id""";

    private final DataSource dataSource;
    private final Duration retention;
    private final Clock clock;

    public JdbcIdempotencyKeys(DataSource dataSource, Duration retention, Clock clock) {
        this.dataSource = dataSource;
        this.retention = retention;
        this.clock = clock;
        JdbcSchema.migrate(dataSource);
    }

    @Override
    public BatchId remember(SourceName source, KeyDigest key, BatchId candidate) {
        Instant now = clock.instant();
        Timestamp expiredBefore = Timestamp.from(now.minus(retention));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(REMEMBER)) {
            s.setString(1, source.value());
            s.setString(2, key.hex());
            s.setObject(3, candidate.value());
            s.setTimestamp(4, Timestamp.from(now));
            s.setTimestamp(5, expiredBefore);
            s.setTimestamp(6, expiredBefore);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new BatchId(rs.getObject(1, UUID.class));
            }
        } catch (SQLException e) {
            throw new PortUnavailableException("idempotency keys", e);
        }
    }

}
