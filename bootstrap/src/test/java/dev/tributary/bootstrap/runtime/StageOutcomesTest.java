package dev.tributary.bootstrap.runtime;

import dev.tributary.application.TestBatches;
import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.in.AggregateStagedObject.AggregateReport;
import dev.tributary.application.port.in.StageTransformedObject.StageReport;
import dev.tributary.application.port.in.TransformRawObject.TransformReport;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.application.usecase.PipelineSteps;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StageOutcomesTest {
    private static final ObjectKey RAW = TestBatches.rawKey();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double count(String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void countsEachStagesBatchesRecordsAndRejectsUnderItsVerb() {
        Batch batch = TestBatches.orders(3);
        PipelineSteps steps = StageOutcomes.around(new PipelineSteps(b -> RAW,
                raw -> new TransformReport(raw.in(Zone.TRANSFORMED), 2, 1),
                t -> new StageReport(t.in(Zone.STAGED), 2, 1),
                aggregator(new LedgerOutcome.Applied())), registry);

        steps.writeRaw().write(batch);
        steps.transform().transform(RAW);
        steps.stage().stage(RAW.in(Zone.TRANSFORMED));
        steps.aggregate().aggregate(RAW.in(Zone.STAGED));

        assertThat(count("tributary.write_raw.batches")).isEqualTo(1);
        assertThat(count("tributary.write_raw.records")).isEqualTo(3);
        assertThat(count("tributary.transform.records")).isEqualTo(2);
        assertThat(count("tributary.transform.rejected")).isEqualTo(1);
        assertThat(count("tributary.stage.batches")).isEqualTo(1);
        assertThat(count("tributary.aggregate.records")).isEqualTo(2);
        assertThat(registry.get("tributary.transform.duration").timer().count()).isEqualTo(1);
    }

    @Test
    void aFailedStageIsCountedAndRethrownSoTheDeliveryIsRetried() {
        PortUnavailableException down = new PortUnavailableException("lake", "down", null);
        PipelineSteps steps = StageOutcomes.around(new PipelineSteps(b -> { throw down; },
                raw -> { throw down; }, t -> { throw down; }, aggregator(new LedgerOutcome.Applied())), registry);

        assertThatThrownBy(() -> steps.transform().transform(RAW)).isSameAs(down);

        assertThat(count("tributary.transform.failures")).isEqualTo(1);
        assertThat(count("tributary.transform.batches")).isZero();
    }

    @Test
    void aBatchAlreadyAggregatedIsNotCountedAgain() {
        PipelineSteps steps = StageOutcomes.around(new PipelineSteps(b -> RAW,
                raw -> new TransformReport(raw, 0, 0), t -> new StageReport(t, 0, 1),
                aggregator(new LedgerOutcome.AlreadyApplied(Instant.EPOCH))), registry);

        steps.aggregate().aggregate(RAW.in(Zone.STAGED));

        assertThat(count("tributary.aggregate.batches")).isZero();
        assertThat(count("tributary.aggregate.records")).isZero();
    }

    private static AggregateStagedObject aggregator(LedgerOutcome outcome) {
        return new AggregateStagedObject() {
            @Override
            public AggregateReport aggregate(ObjectKey staged) {
                return new AggregateReport(staged, outcome, 2, 1);
            }

            @Override
            public GroupReport aggregateAll(List<ObjectKey> staged) {
                return new GroupReport(staged.stream().map(this::aggregate).toList(), List.of());
            }
        };
    }
}
