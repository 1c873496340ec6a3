package canary.dev.tributary.application.port.in;

import canary.dev.tributary.application.port.out.Refused;

/** Canary for portsIgnoreEachOther: a use case whose signature hands out an outbound port's record. */
public interface ExposesAnOutboundType {
    Refused ask(String question);
}
