package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.PortUnavailableException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which PostgreSQL failures consumers wait out (unavailable) and which take the message's own path (refused). */
class DatabaseCallsTest {

    @Test
    void aRefusedConnectionIsPostgresUnavailable() {
        PSQLException refused = new PSQLException("Connection to localhost:5432 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("Connection refused"));

        RuntimeException failure = DatabaseCalls.failure("aggregate store", refused);

        assertThat(failure).isInstanceOf(PortUnavailableException.class);
        assertThat(((PortUnavailableException) failure).dependency()).isEqualTo("PostgreSQL");
        assertThat(((PortUnavailableException) failure).port()).isEqualTo("aggregate store");
    }

    @Test
    void thePoolTimingOutWhileTheServerIsDownIsUnavailable() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "tributary - Connection is not available, request timed out after 1000ms.");

        assertThat(DatabaseCalls.failure("applied-batch ledger", new RuntimeException("wrapped", timeout)))
                .isInstanceOf(PortUnavailableException.class);
    }

    @Test
    void anAdministratorShutdownIsUnavailable() {
        assertThat(DatabaseCalls.failure("aggregate store", new SQLException("terminating connection", "57P01")))
                .isInstanceOf(PortUnavailableException.class);
    }

    @Test
    void aValueThePostgresRefusesIsNoOutage() {
        SQLException overflow = new SQLException("numeric field overflow", "22003");

        RuntimeException failure = DatabaseCalls.failure("aggregate store", overflow);

        assertThat(failure).isInstanceOf(IllegalStateException.class).isNotInstanceOf(PortUnavailableException.class)
                .hasCause(overflow);
    }

    @Test
    void callRethrowsUnavailabilityAndClassifiesTheRest() {
        assertThatThrownBy(() -> DatabaseCalls.call("ledger", () -> {
            throw new IllegalArgumentException("bug");
        })).isInstanceOf(IllegalStateException.class);
        PortUnavailableException down = new PortUnavailableException("ledger", "PostgreSQL", "down", null);
        assertThatThrownBy(() -> DatabaseCalls.call("ledger", () -> {
            throw down;
        })).isSameAs(down);
    }

    @Test
    void refusedDataNamesTheStateAndPostgresReasonButNoValue() {
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("Batch entry 0 INSERT INTO t VALUES"
                + " ('secret') was aborted: ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021", new int[0]);

        RuntimeException failure = DatabaseCalls.failure("aggregate store", batch);

        assertThat(failure).isInstanceOf(IllegalStateException.class).isNotInstanceOf(PortUnavailableException.class)
                .hasMessage("aggregate store: PostgreSQL refused the call (SQLSTATE 22021): ERROR: invalid byte sequence"
                        + " for encoding \"UTF8\": 0x00")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aBatchReportsTheServersErrorAsItsNextException() {
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("Batch entry 0 was aborted", null,
                new int[0]);
        batch.setNextException(new SQLException("connection reset", "08006"));

        assertThat(DatabaseCalls.failure("ledger", batch)).isInstanceOf(PortUnavailableException.class);
        assertThat(DatabaseCalls.failure("ledger", new SQLException("internal", "XX000")))
                .isInstanceOf(PortUnavailableException.class);
    }
}
