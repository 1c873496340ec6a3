package dev.tributary.application.usecase;

import dev.tributary.application.port.in.ListUnknownFields;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.domain.lake.UnknownField;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Optional;

/** Reads the undeclared fields the ledger counted; a source the catalog does not have is refused. */
public final class ListUnknownFieldsService implements ListUnknownFields {
    private final SourceCatalog sources;
    private final AppliedBatchLedger ledger;

    public ListUnknownFieldsService(SourceCatalog sources, AppliedBatchLedger ledger) {
        this.sources = sources;
        this.ledger = ledger;
    }

    @Override
    public List<UnknownField> list(Optional<SourceName> source) {
        source.ifPresent(sources::require);
        return ledger.unknownFields(source);
    }
}
