package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.IdempotencyKeysContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcIdempotencyKeysIT extends IdempotencyKeysContract {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    @RegisterExtension
    static final EmptySchema SCHEMA = new EmptySchema();
    private DataSource dataSource;

    @Override
    protected IdempotencyKeys newKeys() {
        return keysAt(T0);
    }

    private IdempotencyKeys keysAt(Instant now) {
        if (dataSource == null) {
            dataSource = SCHEMA.fresh();
            JdbcSchema.migrate(dataSource);
        }
        return SCHEMA.keys(Duration.ofDays(7), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void anExpiredKeyTakesTheNewBatchId() {
        keysAt(T0).remember(ORDERS, KeyDigest.of("order-42"), id(1));

        assertThat(keysAt(T0.plus(Duration.ofDays(6))).remember(ORDERS, KeyDigest.of("order-42"), id(2))).isEqualTo(id(1));
        assertThat(keysAt(T0.plus(Duration.ofDays(8))).remember(ORDERS, KeyDigest.of("order-42"), id(3))).isEqualTo(id(3));
    }

    @Test
    void storesAHashNotTheKey() throws SQLException {
        keysAt(T0).remember(ORDERS, KeyDigest.of("secret-order-key"), id(1));

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key_sha256 FROM tributary.idempotency_keys")) {
            rs.next();
            assertThat(rs.getString(1)).hasSize(64).doesNotContain("secret");
        }
    }
}
