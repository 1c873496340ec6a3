package dev.tributary.application.usecase;

import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A fixed {@link SourceCatalog} for use-case tests: exactly the given sources, ordered by name. */
record CatalogOf(List<SourceDefinition> sources) implements SourceCatalog {

    static CatalogOf sources(SourceDefinition... sources) {
        return new CatalogOf(List.of(sources));
    }

    @Override
    public List<SourceDefinition> all() {
        return sources.stream().sorted(Comparator.comparing(s -> s.name().value())).toList();
    }

    @Override
    public Optional<SourceDefinition> find(SourceName name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
