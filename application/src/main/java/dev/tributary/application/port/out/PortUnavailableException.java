package dev.tributary.application.port.out;

import java.util.Objects;

/**
 * Infrastructure behind a port failed (disk, network, SQS, S3, PostgreSQL): the dependency is down or unreachable,
 * not the message being worked on. Adapters wrap their SDK or JDBC exceptions in it and name the {@link #dependency()}
 * (PostgreSQL, S3, SQS, …) so that a consumer can wait the outage out (invariant 8): it gives the delivery back
 * without counting it as a failed attempt and stops receiving until the dependency answers again. A failure that
 * retrying the same message cannot cure must not be reported as this, or the consumers would wait for it forever.
 */
public class PortUnavailableException extends RuntimeException {
    private final String port;
    private final String dependency;

    /** {@code dependency}: what is down, in words an operator knows ("PostgreSQL", "S3", "SQS"). */
    public PortUnavailableException(String port, String dependency, String message, Throwable cause) {
        super(port + " unavailable: " + message, cause);
        this.port = port;
        this.dependency = Objects.requireNonNull(dependency, "dependency");
    }

    /** A failure of the port itself (e.g. the disk under a local queue): the port is the dependency. */
    public PortUnavailableException(String port, String message, Throwable cause) {
        this(port, port, message, cause);
    }

    public PortUnavailableException(String port, Throwable cause) {
        this(port, cause.getMessage(), cause);
    }

    public String port() {
        return port;
    }

    /** What is down: the technology behind the port, or the port itself when its adapter does not say. */
    public String dependency() {
        return dependency;
    }
}
