package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import dev.tributary.adapters.local.db.EmbeddedDatabase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The PostgreSQL the aggregates go to. Without a URL, an embedded PostgreSQL is started on {@code embeddedPort}
 * (0 = any free port) with its data under the storage directory, committing durably unless
 * {@code embeddedCommits} is {@code throwaway} (invariant 10).
 */
@ConfigurationProperties("tributary.database")
public record DatabaseProperties(@Nullable String url, @Nullable String user, @Nullable String password,
                                 int embeddedPort, int poolSize,
                                 @Bindable(defaultValue = "DURABLE") EmbeddedDatabase.Commits embeddedCommits) {
    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
