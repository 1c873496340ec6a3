package canary.dev.tributary.adapters.local;

import canary.dev.tributary.adapters.aws.UsesLocalAdapter;

/** Canary for adaptersIgnoreEachOther. */
public class UsesAwsAdapter {
    UsesLocalAdapter aws;
}
