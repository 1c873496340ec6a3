package dev.tributary.bootstrap.security;

import dev.tributary.application.port.out.AccessKeys;
import dev.tributary.bootstrap.config.SecurityProperties;
import dev.tributary.bootstrap.config.StorageProperties;
import dev.tributary.domain.access.AccessKeyList;
import dev.tributary.domain.access.Right;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Fail closed (invariant 9): a role that serves HTTP starts only if some key can reach it, or if the pipeline is
 * configured open on purpose. A role no key reaches would answer 401 to everyone, which looks like an outage; a role
 * started open by mistake would accept anyone. Both are refused here, at start, in one plain sentence.
 */
@Singleton
public final class AccessCheck {
    private static final Logger LOG = LoggerFactory.getLogger(AccessCheck.class);

    private final AccessKeys keys;
    private final SecurityProperties security;
    private final StorageProperties storage;

    AccessCheck(AccessKeys keys, SecurityProperties security, StorageProperties storage) {
        this.keys = keys;
        this.security = security;
        this.storage = storage;
    }

    /** Throws {@link IllegalStateException} naming what is missing unless a key carries each of {@code rights}. */
    public void require(String role, List<Right> rights) {
        if (security.open()) {
            LOG.atWarn().addKeyValue("role", role)
                    .log("access is OPEN (tributary.security.open=true): every caller is let in without a key");
            return;
        }
        AccessKeyList list = keys.current();
        List<String> missing = rights.stream().filter(r -> !list.grants(r)).map(Right::label).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("refusing to start the " + role + " role: no " + String.join(" or ", missing)
                    + " key in " + where() + ". Add one (tributary keys create --right " + missing.get(0)
                    + "), or set TRIBUTARY_OPEN=true to run without keys.");
        }
        LOG.atInfo().addKeyValue("role", role).addKeyValue("keys", list.size())
                .addKeyValue("ingestSources", list.ingestSources().size()).log("access keys in force");
    }

    private String where() {
        return security.fromSecret() ? "secret " + security.accessKeysSecret()
                : security.accessKeysFile(storage).toAbsolutePath().normalize().toString();
    }
}
