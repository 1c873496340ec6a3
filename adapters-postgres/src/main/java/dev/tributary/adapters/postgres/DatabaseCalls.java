package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.PortUnavailableException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.function.Supplier;

import org.postgresql.util.PSQLException;

/**
 * One call into PostgreSQL on behalf of a port, and what its failure means. Only a failure that waiting can cure is
 * reported as {@link PortUnavailableException} of {@value #DEPENDENCY} (consumers then stop and wait, invariant 8);
 * anything else (a value PostgreSQL refuses, a missing table) is an {@link IllegalStateException}, so the message that
 * caused it takes the dead-letter path instead of holding every consumer back.
 */
final class DatabaseCalls {
    static final String DEPENDENCY = "PostgreSQL";

    private DatabaseCalls() {
    }

    /**
     * Runs {@code work}. A failure of the database, the pool or a transaction, including a {@code SQLException} a
     * Micronaut Data callback rethrows unwrapped, surfaces as {@link #failure}.
     */
    static <T> T call(String port, Supplier<T> work) {
        try {
            return work.get();
        } catch (PortUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw failure(port, e);
        }
    }

    /** {@code e} as the port's failure: unavailable when the server cannot be reached or is not serving now. */
    static RuntimeException failure(String port, Exception e) {
        if (unreachable(e)) {
            return new PortUnavailableException(port, DEPENDENCY, String.valueOf(e.getMessage()), e);
        }
        return new IllegalStateException(port + ": " + DEPENDENCY + " refused the call" + refusal(e), e);
    }

    /**
     * PostgreSQL's SQLSTATE and own sentence, never the statement and the values a driver message may quote (a
     * batch's "Batch entry 0 INSERT … VALUES (…) was aborted: ERROR: …").
     */
    private static String refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                SQLException server = sql.getNextException() != null ? sql.getNextException() : sql;
                String reason = server instanceof PSQLException p && p.getServerErrorMessage() != null
                        ? p.getServerErrorMessage().getMessage() : afterStatement(String.valueOf(server.getMessage()));
                return " (SQLSTATE " + server.getSQLState() + "): " + reason;
            }
        }
        return ": " + e.getClass().getSimpleName();
    }

    private static String afterStatement(String message) {
        int at = message.indexOf(" was aborted: ");
        return at >= 0 ? message.substring(at + " was aborted: ".length()) : message;
    }

    /**
     * True when anything in the cause chain says the server or the connection is the problem: SQLSTATE class 08
     * (connection), 53 (insufficient resources), 57 (operator intervention: shutdown, cannot connect now, statement
     * timeout), 58 (system I/O), XX (internal error) or 40 (serialization/deadlock, left after the store's own
     * retries), also as the next exception of a JDBC batch; the pool timing out
     * or the driver calling the failure transient or recoverable; or a network I/O error.
     */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                            || state.startsWith("58") || state.startsWith("40") || state.startsWith("XX"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
