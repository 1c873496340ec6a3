package dev.tributary.application.port.in;

import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.lake.ObjectKey;

import java.util.List;
import java.util.Objects;

/**
 * Applies one staged object's records to its source's aggregations, exactly once per batch id however often the
 * notice is delivered (invariant 2).
 */
public interface AggregateStagedObject {

    AggregateReport aggregate(ObjectKey stagedObject);

    /**
     * The same for a group of staged objects (an aggregator's notices in hand), in one store transaction. An object
     * that cannot be read is left out and named in {@link GroupReport#failed}, so it does not hold back the others;
     * if the transaction fails, nothing is applied and this throws.
     */
    GroupReport aggregateAll(List<ObjectKey> stagedObjects);

    record AggregateReport(ObjectKey staged, LedgerOutcome outcome, int records, int rows) {
        public AggregateReport {
            Objects.requireNonNull(staged, "staged");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** One report per object applied (or found already applied), and the objects left out with the reason. */
    record GroupReport(List<AggregateReport> reports, List<Failure> failed) {
        public GroupReport {
            reports = List.copyOf(reports);
            failed = List.copyOf(failed);
        }
    }

    record Failure(ObjectKey staged, RuntimeException cause) {
        public Failure {
            Objects.requireNonNull(staged, "staged");
            Objects.requireNonNull(cause, "cause");
        }
    }
}
