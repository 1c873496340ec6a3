package canary.dev.tributary.application.port.out;

/** An outbound port's value an inbound port must not expose. */
public record Refused(String reason) {
}
