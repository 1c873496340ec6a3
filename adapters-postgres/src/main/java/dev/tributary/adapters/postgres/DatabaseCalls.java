package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.PortUnavailableException;

import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One call into PostgreSQL on behalf of a port. What fails in it is either the database being unavailable (the port's
 * {@link PortUnavailableException}: consumers wait it out) or PostgreSQL refusing this call's data (an
 * {@link IllegalStateException}: the message fails by itself, and after its retries goes to the dead letters rather
 * than holding up every other message as an "outage" would).
 */
final class DatabaseCalls {
    /**
     * SQLSTATE classes of a database that cannot serve now, whatever the data: connection (08), transaction
     * rollback such as deadlock or serialization (40), insufficient resources (53), operator intervention such as a
     * shutdown (57), system error (58), internal error (XX).
     */
    private static final Set<String> UNAVAILABLE = Set.of("08", "40", "53", "57", "58", "XX");

    private DatabaseCalls() {
    }

    /**
     * Runs {@code work}. A failure of the database, the pool or a transaction, including a {@code SQLException} a
     * Micronaut Data callback rethrows unwrapped, surfaces as {@link PortUnavailableException} of {@code port}; a
     * refusal of the data (value out of range, invalid text, constraint) as {@link IllegalStateException} naming the
     * SQLSTATE and PostgreSQL's reason, never the values.
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

    /** What a failed call of {@code port} is: unavailable, or a refusal of its data (see {@link #call}). */
    static RuntimeException failure(String port, Exception e) {
        SQLException sql = sqlException(e);
        String state = sql == null ? null : sql.getSQLState();
        if (state != null && state.length() == 5 && !UNAVAILABLE.contains(state.substring(0, 2))) {
            return new IllegalStateException(port + " refused the data (SQLSTATE " + state + "): " + reason(sql), e);
        }
        return new PortUnavailableException(port, e);
    }

    private static SQLException sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                // a JDBC batch reports the server's error as the next exception of its BatchUpdateException
                return s.getNextException() != null && s.getNextException().getSQLState() != null
                        ? s.getNextException() : s;
            }
        }
        return null;
    }

    /** PostgreSQL's own sentence, without the statement and its values that the driver's message may quote. */
    private static String reason(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        String message = String.valueOf(e.getMessage());
        int statement = message.indexOf(" was aborted: ");
        return statement >= 0 ? message.substring(statement + " was aborted: ".length()) : "see the SQLSTATE";
    }
}
