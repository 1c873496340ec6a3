package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;

/** Where the local jar keeps its durable state: queues, lake, keys and the embedded database. */
@ConfigurationProperties("tributary.storage")
public record StorageProperties(@NotNull Path dataDirectory) {
    public Path queues() {
        return dataDirectory.resolve("queues");
    }

    public Path lake() {
        return dataDirectory.resolve("lake");
    }

    /** The local key files: digests the pipeline checks, and the keys of the person who started it. */
    public Path keys() {
        return dataDirectory.resolve("keys");
    }

    public Path database() {
        return dataDirectory.resolve("postgres");
    }
}
