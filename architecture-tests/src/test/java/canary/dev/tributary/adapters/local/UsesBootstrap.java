package canary.dev.tributary.adapters.local;

import canary.dev.tributary.bootstrap.Application;

/** Canary for adaptersIgnoreBootstrap: an adapter reaching outward. */
public class UsesBootstrap {
    Application app;
}
