package dev.tributary.bench;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The ingest key a pipeline under test created on its first start, read as a producer on the machine would. */
final class BenchKeys {
    private BenchKeys() {
    }

    static String ingestKey(Path dataDirectory) {
        return new LocalKeyFiles(dataDirectory.resolve("keys").resolve(LocalKeyFiles.ACCESS_KEYS), Clock.systemUTC())
                .keyFor(Right.INGEST, Optional.of(new SourceName(ClickEvents.SOURCE)))
                .orElseThrow(() -> new IllegalStateException("no ingest key for " + ClickEvents.SOURCE + " under "
                        + dataDirectory));
    }
}
