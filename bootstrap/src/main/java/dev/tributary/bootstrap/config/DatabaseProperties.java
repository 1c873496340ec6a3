package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The PostgreSQL the aggregates go to. Without a URL, an embedded PostgreSQL is started on {@code embeddedPort}
 * (0 = any free port) with its data under the storage directory.
 */
@ConfigurationProperties("tributary.database")
public record DatabaseProperties(@Nullable String url, @Nullable String user, @Nullable String password,
                                 int embeddedPort, int poolSize) {
    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
