package dev.tributary.bench;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The keys a pipeline under test created on its first start, read as a producer or operator on the machine would. */
final class BenchKeys {
    private BenchKeys() {
    }

    /** The operator key, for the calls a person at the pipeline makes (a replay). */
    static String operatorKey(Path dataDirectory) {
        return new LocalKeyFiles(dataDirectory.resolve("keys").resolve(LocalKeyFiles.ACCESS_KEYS), Clock.systemUTC())
                .keyFor(Right.OPERATOR, Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no operator key under " + dataDirectory));
    }

    static String ingestKey(Path dataDirectory) {
        return new LocalKeyFiles(dataDirectory.resolve("keys").resolve(LocalKeyFiles.ACCESS_KEYS), Clock.systemUTC())
                .keyFor(Right.INGEST, Optional.of(new SourceName(ClickEvents.SOURCE)))
                .orElseThrow(() -> new IllegalStateException("no ingest key for " + ClickEvents.SOURCE + " under "
                        + dataDirectory));
    }
}
