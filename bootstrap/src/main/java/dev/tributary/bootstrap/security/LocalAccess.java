package dev.tributary.bootstrap.security;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.bootstrap.config.SecurityProperties;
import dev.tributary.bootstrap.runtime.StartStep;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceDefinition;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Closed and usable at once: before the whole pipeline serves, every source has an ingest key and the machine a read
 * and an operator key (created under the data directory on first start, unless keys come from a secret), and the
 * access check passes.
 */
@Singleton
final class LocalAccess implements StartStep {
    private final SecurityProperties security;
    private final LocalKeyFiles keys;
    private final SourceCatalog sources;
    private final AccessCheck check;

    LocalAccess(SecurityProperties security, LocalKeyFiles keys, SourceCatalog sources, AccessCheck check) {
        this.security = security;
        this.keys = keys;
        this.sources = sources;
        this.check = check;
    }

    @Override
    public void prepare() {
        if (!security.fromSecret()) {
            keys.ensure(sources.all().stream().map(SourceDefinition::name).toList());
        }
        check.require("run", List.of(Right.INGEST, Right.READ));
    }
}
