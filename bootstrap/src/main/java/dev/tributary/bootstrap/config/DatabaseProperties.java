package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import dev.tributary.adapters.local.db.EmbeddedDatabase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The PostgreSQL the aggregates go to. Without a URL, an embedded PostgreSQL is started on {@code embeddedPort}
 * (0 = any free port) with its data under the storage directory, committing durably unless
 * {@code embeddedCommits} is {@code throwaway} (invariant 10). {@code connectTimeout}: how long a call waits for a
 * connection before it reports PostgreSQL unavailable; kept well below the queues' visibility timeout, so messages in
 * hand during an outage are given back before they would time out and be received again.
 */
@ConfigurationProperties("tributary.database")
public record DatabaseProperties(@Nullable String url, @Nullable String user, @Nullable String password,
                                 int embeddedPort, int poolSize,
                                 @Bindable(defaultValue = "DURABLE") EmbeddedDatabase.Commits embeddedCommits,
                                 @Bindable(defaultValue = "5s") Duration connectTimeout) {
    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
