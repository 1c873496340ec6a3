package dev.tributary.bootstrap.config;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Who may call the APIs (invariant 9). Keys come from {@code accessKeysSecret} (a Secrets Manager secret, on AWS)
 * or else from {@code accessKeysFile} (default {@code <data>/keys/access-keys.txt}), re-read every {@code refresh}.
 * {@code open} lets every caller in without a key: only for a pipeline no one else can reach, and never by default.
 */
@ConfigurationProperties("tributary.security")
public record SecurityProperties(@Bindable(defaultValue = "false") boolean open,
                                 @Nullable Path accessKeysFile,
                                 @Nullable String accessKeysSecret,
                                 @Bindable(defaultValue = "30s") @NotNull Duration refresh) {

    public SecurityProperties {
        accessKeysFile = accessKeysFile == null || accessKeysFile.toString().isBlank() ? null : accessKeysFile;
    }

    public boolean fromSecret() {
        return accessKeysSecret != null && !accessKeysSecret.isBlank();
    }

    public Path accessKeysFile(StorageProperties storage) {
        return accessKeysFile != null ? accessKeysFile : storage.keys().resolve(LocalKeyFiles.ACCESS_KEYS);
    }
}
