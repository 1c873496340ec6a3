package canary.dev.tributary.application.port.out;

import canary.dev.tributary.application.port.in.UnknownThingException;

/** Canary for portsIgnoreEachOther: an outbound port throwing an inbound port's refusal. */
public interface ThrowsAnInboundRefusal {
    default String look(String key) {
        throw new UnknownThingException();
    }
}
