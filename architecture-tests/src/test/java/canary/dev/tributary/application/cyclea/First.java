package canary.dev.tributary.application.cyclea;

import canary.dev.tributary.application.cycleb.Second;

/** Canary for moduleIsFreeOfCycles: cyclea -> cycleb -> cyclea inside one module. */
public class First {
    Second next;
}
