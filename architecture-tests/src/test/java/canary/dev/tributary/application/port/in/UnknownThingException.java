package canary.dev.tributary.application.port.in;

/** An inbound refusal an outbound port must not throw. */
public class UnknownThingException extends RuntimeException {
}
