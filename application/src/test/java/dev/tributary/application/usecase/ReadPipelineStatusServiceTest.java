package dev.tributary.application.usecase;

import dev.tributary.application.port.in.ReadPipelineStatus.Part;
import dev.tributary.application.port.in.ReadPipelineStatus.PipelineStatus;
import dev.tributary.application.port.in.ReadPipelineStatus.Stage;
import dev.tributary.application.port.in.ReadPipelineStatus.StageBacklog;
import dev.tributary.application.port.out.AggregatorFleet;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.scaling.FleetSize;
import dev.tributary.domain.scaling.Outage;
import dev.tributary.domain.scaling.QueueStats;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ReadPipelineStatusServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:34:56Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final FleetSize TWO_OF_ONE_TO_FOUR = new FleetSize(2, 1, 4);

    private final AppliedBatchLedger ledger = mock(AppliedBatchLedger.class);
    private final AggregatorFleet fleet = () -> TWO_OF_ONE_TO_FOUR;

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private List<Outage> breakersReport = List.of();

    private ReadPipelineStatusService service(Map<Stage, Supplier<QueueStats>> queues, int minutes) {
        return new ReadPipelineStatusService(queues, ledger, fleet, () -> breakersReport, clock, minutes);
    }

    private static Map<Stage, Supplier<QueueStats>> emptyQueues() {
        Map<Stage, Supplier<QueueStats>> queues = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            queues.put(stage, () -> QueueStats.EMPTY);
        }
        return queues;
    }

    @Test
    void backlogIsListedInTheOrderABatchPassesTheStages() {
        Map<Stage, Supplier<QueueStats>> queues = new LinkedHashMap<>();
        queues.put(Stage.STAGED, () -> new QueueStats(4, 0, Duration.ofSeconds(4), 0));
        queues.put(Stage.TRANSFORMED, () -> new QueueStats(3, 0, Duration.ofSeconds(3), 0));
        queues.put(Stage.RAW, () -> new QueueStats(2, 0, Duration.ofSeconds(2), 0));
        queues.put(Stage.INGEST, () -> new QueueStats(1, 0, Duration.ofSeconds(1), 0));

        PipelineStatus status = service(queues, 5).read();

        assertThat(status.backlog()).extracting(StageBacklog::stage)
                .containsExactly(Stage.INGEST, Stage.RAW, Stage.TRANSFORMED, Stage.STAGED);
        assertThat(status.backlog()).extracting(b -> b.queue().waiting()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aStageWithDeadLettersReportsThemWithItsBacklogAndOldestAge() {
        Map<Stage, Supplier<QueueStats>> queues = emptyQueues();
        QueueStats stuck = new QueueStats(120, 8, Duration.ofMinutes(7), 3);
        queues.put(Stage.TRANSFORMED, () -> stuck);

        PipelineStatus status = service(queues, 5).read();

        assertThat(status.backlog()).filteredOn(b -> b.stage() == Stage.TRANSFORMED)
                .singleElement().extracting(StageBacklog::queue).isEqualTo(stuck);
        assertThat(status.backlog()).filteredOn(b -> b.stage() != Stage.TRANSFORMED)
                .allSatisfy(b -> assertThat(b.queue().deadLetters()).isZero());
    }

    @Test
    void eachReadAsksTheQueuesAgain() {
        Map<Stage, Supplier<QueueStats>> queues = emptyQueues();
        AtomicReference<QueueStats> ingest = new AtomicReference<>(QueueStats.EMPTY);
        queues.put(Stage.INGEST, ingest::get);
        ReadPipelineStatusService service = service(queues, 5);
        service.read();
        ingest.set(new QueueStats(9, 1, Duration.ofSeconds(30), 0));

        PipelineStatus later = service.read();

        assertThat(later.backlog().get(0).queue().waiting()).isEqualTo(9);
    }

    @Test
    void freshnessComesFromTheLedgerOfTheLastMinute() {
        Activity lastMinute = new Activity(NOW.minus(MINUTE), 12, 3_400, 17, Duration.ofMillis(850),
                Duration.ofSeconds(4));
        when(ledger.activity(NOW.minus(MINUTE), NOW, MINUTE)).thenReturn(List.of(lastMinute));

        PipelineStatus status = service(emptyQueues(), 5).read();

        assertThat(status.lastMinute()).contains(lastMinute);
        assertThat(status.at()).isEqualTo(NOW);
    }

    @Test
    void perMinuteSeriesCoversTheLastMinutesUpToAndIncludingTheCurrentOne() {
        List<Activity> series = List.of(
                new Activity(Instant.parse("2026-11-24T12:27:00Z"), 2, 40, 0, Duration.ofSeconds(1), Duration.ofSeconds(2)),
                new Activity(Instant.parse("2026-11-24T12:34:00Z"), 5, 90, 1, Duration.ofSeconds(1), Duration.ofSeconds(3)));
        when(ledger.activity(Instant.parse("2026-11-24T12:25:00Z"), Instant.parse("2026-11-24T12:35:00Z"), MINUTE))
                .thenReturn(series);

        PipelineStatus status = service(emptyQueues(), 10).read();

        assertThat(status.perMinute()).isEqualTo(series);
    }

    @Test
    void anEmptyLakeReportsNoActivityRatherThanNothing() {
        Map<Stage, Supplier<QueueStats>> queues = emptyQueues();

        PipelineStatus status = service(queues, 5).read();

        assertThat(status.lastMinute())
                .contains(new Activity(NOW.minus(MINUTE), 0, 0, 0, Duration.ZERO, Duration.ZERO));
        assertThat(status.perMinute()).isEmpty();
        assertThat(status.batchesApplied()).hasValue(0);
        assertThat(status.outages()).isEmpty();
        assertThat(status.unreadable()).isEmpty();
        assertThat(status.backlog()).hasSize(Stage.values().length)
                .allSatisfy(b -> assertThat(b.queue()).isEqualTo(QueueStats.EMPTY));
    }

    @Test
    void batchesAppliedCountsEveryBatchOfEverySource() {
        when(ledger.count(Optional.empty())).thenReturn(4_211L);

        PipelineStatus status = service(emptyQueues(), 5).read();

        assertThat(status.batchesApplied()).hasValue(4_211L);
    }

    @Test
    void aggregatorInstancesComeFromTheFleet() {
        PipelineStatus status = service(emptyQueues(), 5).read();

        assertThat(status.aggregators()).isEqualTo(TWO_OF_ONE_TO_FOUR);
    }

    @Test
    void refusesToStartWithoutTheIngestOrStagedQueue() {
        Map<Stage, Supplier<QueueStats>> queues = emptyQueues();
        queues.remove(Stage.STAGED);

        assertThatThrownBy(() -> service(queues, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ingest and staged queues");
    }

    @Test
    void stagesWithoutAQueueAreLeftOutOfTheBacklog() {
        // a role that sees only some queues (on AWS the aggregator has the staged-notice queue, not the functions')
        Map<Stage, Supplier<QueueStats>> queues = emptyQueues();
        queues.remove(Stage.RAW);
        queues.remove(Stage.TRANSFORMED);

        PipelineStatus status = service(queues, 5).read();

        assertThat(status.backlog()).extracting(b -> b.stage()).containsExactly(Stage.INGEST, Stage.STAGED);
    }

    @Test
    void whileTheLedgerIsUnreachableTheBacklogIsServedAndTheLedgerPartsAreNamedUnreadable() {
        when(ledger.count(Optional.empty())).thenThrow(postgresDown());
        Map<Stage, Supplier<QueueStats>> queues = emptyQueues();
        queues.put(Stage.STAGED, () -> new QueueStats(42, 0, Duration.ofSeconds(90), 0));

        PipelineStatus status = service(queues, 5).read();

        assertThat(status.backlog()).hasSize(4).last().extracting(b -> b.queue().waiting()).isEqualTo(42L);
        assertThat(status.lastMinute()).isEmpty();
        assertThat(status.perMinute()).isEmpty();
        assertThat(status.batchesApplied()).isEmpty();
        assertThat(status.unreadable()).containsExactly(Part.LEDGER);
        assertThat(status.outages()).containsExactly(new Outage("PostgreSQL", NOW));
    }

    @Test
    void aDependencyIsDownSinceTheFirstFailedReadUntilItAnswersAgain() {
        when(ledger.count(Optional.empty())).thenThrow(postgresDown()).thenThrow(postgresDown()).thenReturn(7L);
        ReadPipelineStatusService service = service(emptyQueues(), 5);

        service.read();
        now.set(NOW.plusSeconds(125));
        PipelineStatus stillDown = service.read();
        now.set(NOW.plusSeconds(140));   // a probe interval after the last failed read
        PipelineStatus back = service.read();

        assertThat(stillDown.outages()).containsExactly(new Outage("PostgreSQL", NOW));
        assertThat(stillDown.outages().get(0).lastedAt(now.get().minusSeconds(15))).isEqualTo(Duration.ofSeconds(125));
        assertThat(back.outages()).isEmpty();
        assertThat(back.unreadable()).isEmpty();
        assertThat(back.batchesApplied()).hasValue(7);
    }

    @Test
    void aFailingPartIsTriedAgainOnlyAfterTheProbeIntervalSoReadsDuringAnOutageDoNotWaitForItsTimeout() {
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        when(ledger.count(Optional.empty())).thenAnswer(call -> {
            tries.incrementAndGet();
            throw postgresDown();
        });
        ReadPipelineStatusService service = service(emptyQueues(), 5);

        service.read();
        now.set(NOW.plus(ReadPipelineStatusService.PROBE_INTERVAL).minusSeconds(1));
        PipelineStatus meanwhile = service.read();
        int triesMeanwhile = tries.get();
        now.set(NOW.plus(ReadPipelineStatusService.PROBE_INTERVAL));
        service.read();

        assertThat(triesMeanwhile).isEqualTo(1);
        assertThat(meanwhile.unreadable()).containsExactly(Part.LEDGER);
        assertThat(meanwhile.outages()).containsExactly(new Outage("PostgreSQL", NOW));
        assertThat(tries).hasValue(2);
    }

    @Test
    void aQueueThatCannotBeReadIsLeftOutAndTheRestIsServed() {
        Map<Stage, Supplier<QueueStats>> queues = emptyQueues();
        queues.put(Stage.INGEST, () -> {
            throw new PortUnavailableException("ingest-queue", "SQS", "timed out", null);
        });

        PipelineStatus status = service(queues, 5).read();

        assertThat(status.backlog()).extracting(StageBacklog::stage)
                .containsExactly(Stage.RAW, Stage.TRANSFORMED, Stage.STAGED);
        assertThat(status.unreadable()).containsExactly(Part.INGEST_BACKLOG);
        assertThat(status.outages()).extracting(Outage::dependency).containsExactly("SQS");
    }

    @Test
    void outagesTheConsumersBreakersReportAreListedOncePerDependencyWithTheEarliestSince() {
        when(ledger.count(Optional.empty())).thenThrow(postgresDown());
        breakersReport = List.of(new Outage("PostgreSQL", NOW.minusSeconds(30)), new Outage("S3", NOW.minusSeconds(5)));

        PipelineStatus status = service(emptyQueues(), 5).read();

        assertThat(status.outages()).containsExactly(new Outage("PostgreSQL", NOW.minusSeconds(30)),
                new Outage("S3", NOW.minusSeconds(5)));
    }

    private static PortUnavailableException postgresDown() {
        return new PortUnavailableException("applied-batch ledger", "PostgreSQL", "Connection refused", null);
    }

    @Test
    void refusesASeriesOfLessThanOneMinute() {
        assertThatThrownBy(() -> service(emptyQueues(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minutes must be >= 1: 0");
    }
}
