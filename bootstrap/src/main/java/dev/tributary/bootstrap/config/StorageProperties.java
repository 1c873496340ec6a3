package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;

/** Where the local jar keeps its durable state: queues, lake and the embedded database. */
@ConfigurationProperties("tributary.storage")
public record StorageProperties(@NotNull Path dataDirectory) {
    public Path queues() {
        return dataDirectory.resolve("queues");
    }

    public Path lake() {
        return dataDirectory.resolve("lake");
    }

    public Path database() {
        return dataDirectory.resolve("postgres");
    }
}
