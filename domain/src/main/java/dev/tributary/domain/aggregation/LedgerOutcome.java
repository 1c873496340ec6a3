package dev.tributary.domain.aggregation;

import java.time.Instant;

public sealed interface LedgerOutcome {
    record Applied() implements LedgerOutcome {}

    record AlreadyApplied(Instant firstAppliedAt) implements LedgerOutcome {}
}
