package dev.tributary.adapters.aws.secrets;

import dev.tributary.application.port.out.AccessKeys;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.access.AccessKeyList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The key list in a Secrets Manager secret whose string is {@link AccessKeyList}'s text (digests, never keys), fetched
 * again every {@code refresh}: a key added to or removed from the secret takes effect within that time on every task,
 * without a deployment. If a fetch fails after a good one, the keys fetched before stay in force (with a warning), so
 * a Secrets Manager blip locks nobody out.
 */
public final class SecretsManagerAccessKeys implements AccessKeys {
    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerAccessKeys.class);

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Clock clock;
    private final Duration refresh;
    private AccessKeyList list;
    private String versionId;
    private Instant fetchedAt = Instant.MIN;

    public SecretsManagerAccessKeys(SecretsManagerClient secrets, String secretId, Clock clock, Duration refresh) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException("no secret named for the access keys (TRIBUTARY_ACCESS_KEYS_SECRET)");
        }
        this.secretId = secretId;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
    }

    @Override
    public synchronized AccessKeyList current() {
        Instant now = clock.instant();
        if (list != null && now.isBefore(fetchedAt.plus(refresh))) {
            return list;
        }
        fetchedAt = now;
        try {
            var secret = secrets.getSecretValue(b -> b.secretId(secretId));
            if (list == null || !secret.versionId().equals(versionId)) {
                list = AccessKeyList.parse(Objects.requireNonNullElse(secret.secretString(), ""));
                versionId = secret.versionId();
                LOG.atInfo().addKeyValue("secret", secret.name()).addKeyValue("keys", list.size())
                        .log("access keys loaded");
            }
        } catch (SdkException | IllegalArgumentException e) {
            if (list == null) {
                throw new PortUnavailableException("access keys", "secret " + secretId + ": " + e.getMessage(), e);
            }
            LOG.atWarn().addKeyValue("secret", secretId).addKeyValue("error", e.getMessage())
                    .log("access key secret unreadable, the keys read before stay in force");
        }
        return list;
    }
}
