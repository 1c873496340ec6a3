package canary.dev.tributary.adapters.aws;

import canary.dev.tributary.adapters.local.UsesBootstrap;

/** Canary for adaptersIgnoreEachOther. */
public class UsesLocalAdapter {
    UsesBootstrap local;
}
