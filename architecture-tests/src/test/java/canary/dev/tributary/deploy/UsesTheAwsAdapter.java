package canary.dev.tributary.deploy;

import canary.dev.tributary.adapters.aws.UsesLocalAdapter;

/** Canary for deployReadsOnlyDomainAndFormats: the stack reusing an adapter it deploys instead of the data it reads. */
public class UsesTheAwsAdapter {
    UsesLocalAdapter adapter;
}
