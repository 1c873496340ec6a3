package canary.dev.tributary.application.cycleb;

import canary.dev.tributary.application.cyclea.First;

/** Canary for moduleIsFreeOfCycles. */
public class Second {
    First back;
}
