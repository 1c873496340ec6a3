package dev.tributary.application.port.out;

import dev.tributary.domain.access.AccessKeyList;

/**
 * The keys that may call the pipeline's APIs, held as their {@link KeyDigest} only (invariant 9): a key file locally,
 * a Secrets Manager secret on AWS. The adapter picks up a changed list by itself, so a key is added, rotated or
 * revoked without a restart.
 */
public interface AccessKeys {

    /**
     * The list as it stands. If it cannot be read now but was read before, the last list read is returned (a key
     * rotation must not lock everyone out during a blip); if it was never read, {@link PortUnavailableException}.
     */
    AccessKeyList current();
}
