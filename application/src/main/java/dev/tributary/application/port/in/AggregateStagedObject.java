package dev.tributary.application.port.in;

import dev.tributary.application.port.out.AggregateStore.LedgerOutcome;
import dev.tributary.domain.lake.ObjectKey;

import java.util.Objects;

/**
 * Applies one staged object's records to its source's aggregations, exactly once per batch id however often the
 * notice is delivered (invariant 2).
 */
public interface AggregateStagedObject {

    AggregateReport aggregate(ObjectKey stagedObject);

    record AggregateReport(ObjectKey staged, LedgerOutcome outcome, int records, int rows) {
        public AggregateReport {
            Objects.requireNonNull(staged, "staged");
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
