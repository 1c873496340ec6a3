package dev.tributary.application.port.out;

import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Optional;

/** The sources Tributary accepts, read from YAML at start. Immutable while the process runs. */
public interface SourceCatalog {

    /** Every source, ordered by name. */
    List<SourceDefinition> all();

    Optional<SourceDefinition> find(SourceName name);

    /**
     * The version of the source's definition, when this catalog knows one (the YAML catalog fingerprints each file's
     * content); the ledger records it with every batch the aggregators apply.
     */
    default Optional<DefinitionVersion> version(SourceName name) {
        return Optional.empty();
    }

    /**
     * Whether records cleaned under the {@code earlier} definition come out the same under the current one (only
     * descriptions or aggregations changed): a replay then folds their staged objects as they are. A catalog that
     * cannot tell says no, and a replay cleans them again.
     */
    default boolean cleansAlike(SourceName name, DefinitionVersion earlier) {
        return false;
    }

    default SourceDefinition require(SourceName name) {
        return find(name).orElseThrow(() -> new UnknownSourceException(name.value()));
    }
}
