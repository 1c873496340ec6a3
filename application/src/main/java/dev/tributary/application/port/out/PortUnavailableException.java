package dev.tributary.application.port.out;

/**
 * Infrastructure behind a port failed (disk, network, SQS, S3, PostgreSQL). Adapters wrap their SDK or JDBC
 * exceptions in it; the delivery being worked on stays unacknowledged so the queue retries it.
 */
public class PortUnavailableException extends RuntimeException {
    private final String port;

    public PortUnavailableException(String port, String message, Throwable cause) {
        super(port + " unavailable: " + message, cause);
        this.port = port;
    }

    public PortUnavailableException(String port, Throwable cause) {
        this(port, cause.getMessage(), cause);
    }

    public String port() {
        return port;
    }
}
