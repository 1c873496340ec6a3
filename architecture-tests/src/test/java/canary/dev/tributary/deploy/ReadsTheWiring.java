package canary.dev.tributary.deploy;

import canary.dev.tributary.bootstrap.Application;

/** Canary for deployReadsOnlyDomainAndFormats: the stack reaching into bootstrap's wiring. */
public class ReadsTheWiring {
    Application application;
}
