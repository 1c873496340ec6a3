package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.PortUnavailableException;
import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An outage is waited out, refused data is the message's own failure: the two must not be mistaken. */
class DatabaseCallsTest {

    private static RuntimeException failureOf(SQLException e) {
        try {
            DatabaseCalls.call("aggregate store", () -> {
                throw new IllegalStateException(e);
            });
        } catch (RuntimeException thrown) {
            return thrown;
        }
        throw new AssertionError("nothing thrown");
    }

    @Test
    void aDatabaseThatCannotServeIsUnavailable() {
        for (String state : new String[]{"08001", "08006", "57P01", "53300", "40P01", "XX000", "58030"}) {
            assertThat(failureOf(new SQLException("down", state))).as(state)
                    .isInstanceOf(PortUnavailableException.class);
        }
        assertThat(failureOf(new SQLException("no state"))).isInstanceOf(PortUnavailableException.class);
    }

    @Test
    void refusedDataIsTheMessagesOwnFailureAndNamesNoValue() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO t VALUES ('secret') was"
                + " aborted: ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021", new int[0]);

        RuntimeException failure = failureOf(batch);

        assertThat(failure).isInstanceOf(IllegalStateException.class).isNotInstanceOf(PortUnavailableException.class)
                .hasMessage("aggregate store refused the data (SQLSTATE 22021): ERROR: invalid byte sequence for"
                        + " encoding \"UTF8\": 0x00");
        assertThat(failureOf(new SQLException("numeric field overflow", "22003")))
                .isNotInstanceOf(PortUnavailableException.class);
    }

    @Test
    void aBatchReportsTheServersErrorAsItsNextException() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        batch.setNextException(new SQLException("connection reset", "08006"));

        assertThatThrownBy(() -> DatabaseCalls.call("ledger", () -> {
            throw new IllegalStateException(batch);
        })).isInstanceOf(PortUnavailableException.class);
    }
}
