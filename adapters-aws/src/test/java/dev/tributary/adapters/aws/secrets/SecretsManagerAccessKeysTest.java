package dev.tributary.adapters.aws.secrets;

import dev.tributary.application.port.out.AccessKeys;
import dev.tributary.application.port.out.AccessKeysContract;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The secret adapter against a mocked client (no Secrets Manager runs on this machine): each stored text is a new
 * secret version, as {@code PutSecretValue} makes one; the key list is parsed again only when the version changes.
 */
class SecretsManagerAccessKeysTest extends AccessKeysContract {
    private final SecretsManagerClient client = mock(SecretsManagerClient.class);
    private final AtomicInteger versions = new AtomicInteger();
    private String text = "";
    private boolean broken;

    @Override
    protected AccessKeys keysOver(String text) {
        store(text);
        when(client.getSecretValue(any(Consumer.class))).thenAnswer(call -> {
            if (broken) {
                throw SecretsManagerException.builder().message("service unavailable").statusCode(503).build();
            }
            return GetSecretValueResponse.builder().name("tributary/access-keys").secretString(this.text)
                    .versionId("v" + versions.get()).build();
        });
        return new SecretsManagerAccessKeys(client, "tributary/access-keys", clock, REFRESH);
    }

    @Override
    protected void store(String text) {
        this.text = text;
        versions.incrementAndGet();
    }

    @Override
    protected void breakStore() {
        broken = true;
    }

    @Test
    void asksSecretsManagerOncePerRefreshNotOncePerRequest() {
        AccessKeys keys = keysOver("");

        for (int i = 0; i < 100; i++) {
            keys.current();
        }

        verify(client, times(1)).getSecretValue(any(Consumer.class));
        assertThat(keys.current().size()).isZero();
    }
}
