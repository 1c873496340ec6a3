package dev.tributary.bootstrap.security;

import dev.tributary.adapters.aws.secrets.SecretsManagerAccessKeys;
import dev.tributary.adapters.local.access.FileAccessKeys;
import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.application.port.out.AccessKeys;
import dev.tributary.bootstrap.config.SecurityProperties;
import dev.tributary.bootstrap.config.StorageProperties;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;

/** Where the key list comes from: the Secrets Manager secret when one is named, else the local key file. */
@Factory
class AccessKeysFactory {

    @Singleton
    AccessKeys accessKeys(SecurityProperties security, StorageProperties storage, Clock clock,
                          BeanProvider<SecretsManagerClient> secretsManager) {
        if (security.fromSecret()) {
            return new SecretsManagerAccessKeys(secretsManager.get(), security.accessKeysSecret(), clock,
                    security.refresh());
        }
        // a local file costs nothing to look at: a key added with `tributary keys create` works within a second
        return new FileAccessKeys(security.accessKeysFile(storage), clock, Duration.ofSeconds(1));
    }

    @Singleton
    LocalKeyFiles localKeyFiles(SecurityProperties security, StorageProperties storage, Clock clock) {
        return new LocalKeyFiles(security.accessKeysFile(storage), clock);
    }
}
