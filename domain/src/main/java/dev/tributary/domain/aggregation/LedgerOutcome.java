package dev.tributary.domain.aggregation;

import java.time.Instant;

/**
 * What applying a batch did (invariant 2): its ledger row and deltas went in, or the ledger already held the batch
 * (redelivered, or listed twice in one group) and nothing changed.
 */
public sealed interface LedgerOutcome {
    record Applied() implements LedgerOutcome {}

    record AlreadyApplied(Instant firstAppliedAt) implements LedgerOutcome {}
}
