package canary.dev.tributary.adapters.formats;

import canary.dev.tributary.adapters.postgres.Store;

/** Canary for adaptersIgnoreEachOther: a codec reaching into the PostgreSQL adapters. */
public class UsesPostgresAdapter {
    Store store;
}
