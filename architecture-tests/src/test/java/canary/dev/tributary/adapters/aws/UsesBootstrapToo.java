package canary.dev.tributary.adapters.aws;

import canary.dev.tributary.bootstrap.Application;

/** Canary for adaptersIgnoreBootstrap: an adapter reaching outward. */
public class UsesBootstrapToo {
    Application app;
}
