package dev.tributary.bootstrap.runtime;

import dev.tributary.adapters.local.queue.InMemoryMessageQueue;
import dev.tributary.application.TestBatches;
import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.domain.aggregation.LedgerOutcome;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.scaling.ScalingPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AggregatorPoolTest {
    private final InMemoryMessageQueue<ObjectKey> notices = new InMemoryMessageQueue<>(Duration.ofMinutes(5), 5, Clock.systemUTC());
    private final List<List<ObjectKey>> groups = new CopyOnWriteArrayList<>();

    @Test
    void noticesWaitingTogetherAreAggregatedAsOneGroupAndAcknowledged() {
        List<ObjectKey> keys = stagedKeys(25);
        keys.forEach(notices::publish);

        try (AggregatorPool pool = pool(group -> report(group, List.of())).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> isEmpty(notices));
        }

        assertThat(groups).hasSize(1);
        assertThat(groups.get(0)).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void groupIsCappedAtFiftyNotices() {
        stagedKeys(60).forEach(notices::publish);

        try (AggregatorPool pool = pool(group -> report(group, List.of())).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> isEmpty(notices));
        }

        assertThat(groups).extracting(List::size).containsExactly(50, 10);
    }

    @Test
    void failedGroupLeavesAllItsNoticesUnacknowledged() {
        stagedKeys(3).forEach(notices::publish);

        try (AggregatorPool pool = pool(group -> {
            throw new IllegalStateException("database down");
        }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !groups.isEmpty());
        }

        assertThat(notices.stats().inFlight()).isEqualTo(3);
    }

    @Test
    void objectThatFailedAloneStaysUnacknowledgedWhileTheOthersAreAcknowledged() {
        List<ObjectKey> keys = stagedKeys(3);
        keys.forEach(notices::publish);

        try (AggregatorPool pool = pool(group -> report(group, List.of(keys.get(1)))).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> notices.stats().waiting() == 0
                    && notices.stats().inFlight() == 1);
        }

        assertThat(groups.get(0)).hasSize(3);
    }

    private AggregatorPool pool(Function<List<ObjectKey>, AggregateStagedObject.GroupReport> aggregateAll) {
        AggregateStagedObject aggregate = new AggregateStagedObject() {
            @Override
            public AggregateReport aggregate(ObjectKey stagedObject) {
                throw new UnsupportedOperationException("the pool aggregates groups");
            }

            @Override
            public GroupReport aggregateAll(List<ObjectKey> stagedObjects) {
                groups.add(stagedObjects);
                return aggregateAll.apply(stagedObjects);
            }
        };
        return new AggregatorPool(notices, aggregate, new ScalingPolicy(1, 1, 1000, 3), Duration.ofMinutes(1),
                DependencyBreakers.of(new DependencyBreakers.Policy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)),
                        new SimpleMeterRegistry()));
    }

    private static AggregateStagedObject.GroupReport report(List<ObjectKey> group, List<ObjectKey> failing) {
        return new AggregateStagedObject.GroupReport(group.stream().filter(k -> !failing.contains(k))
                .map(k -> new AggregateStagedObject.AggregateReport(k, new LedgerOutcome.Applied(), 1, 1)).toList(),
                failing.stream().map(k -> new AggregateStagedObject.Failure(k, new IllegalStateException("unreadable")))
                        .toList());
    }

    private static boolean isEmpty(InMemoryMessageQueue<ObjectKey> queue) {
        return queue.stats().waiting() == 0 && queue.stats().inFlight() == 0;
    }

    private static List<ObjectKey> stagedKeys(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> TestBatches.rawKey().in(Zone.STAGED)).toList();
    }
}
