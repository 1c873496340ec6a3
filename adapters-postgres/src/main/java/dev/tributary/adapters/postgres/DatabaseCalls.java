package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.PortUnavailableException;

import java.util.function.Supplier;

/** One call into PostgreSQL on behalf of a port: whatever fails in it is that port's failure. */
final class DatabaseCalls {
    private DatabaseCalls() {
    }

    /**
     * Runs {@code work}. A failure of the database, the pool or a transaction, including a {@code SQLException} a
     * Micronaut Data callback rethrows unwrapped, surfaces as {@link PortUnavailableException} of {@code port}.
     */
    static <T> T call(String port, Supplier<T> work) {
        try {
            return work.get();
        } catch (PortUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new PortUnavailableException(port, e);
        }
    }
}
