package dev.tributary.bootstrap.runtime;

import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.scaling.ScalingDecision;
import dev.tributary.domain.scaling.ScalingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The aggregators (the {@code aggregator} role on ECS, a pool inside {@code run} locally): between min and max workers, each draining staged-object
 * notices into {@link AggregateStagedObject}, up to {@link #GROUP_MAX} notices per store transaction (per-transaction
 * cost, not rows, limits PostgreSQL here). Every {@code checkEvery} the {@link ScalingPolicy} looks at the backlog
 * and the pool grows or shrinks, as ECS target tracking would. While PostgreSQL (or the lake) is down the workers
 * receive nothing ({@link DependencyBreakers}, gate "aggregator") and the notices wait in the queue.
 */
public final class AggregatorPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AggregatorPool.class);
    static final int GROUP_MAX = 50;

    private final MessageQueue<ObjectKey> notices;
    private final AggregateStagedObject aggregate;
    private final ScalingPolicy policy;
    private final Duration checkEvery;
    private final DependencyBreakers breakers;
    private final Deque<DeliveryLoop<ObjectKey>> workers = new ArrayDeque<>();
    private final ScheduledExecutorService scaler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tributary-aggregator-scaler");
        t.setDaemon(true);
        return t;
    });

    public AggregatorPool(MessageQueue<ObjectKey> notices, AggregateStagedObject aggregate, ScalingPolicy policy,
                          Duration checkEvery, DependencyBreakers breakers) {
        this.notices = notices;
        this.aggregate = aggregate;
        this.policy = policy;
        this.checkEvery = checkEvery;
        this.breakers = breakers;
    }

    public AggregatorPool start() {
        resize(policy.min());
        scaler.scheduleWithFixedDelay(this::rescale, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Workers running now. */
    public synchronized int size() {
        return workers.size();
    }

    public ScalingPolicy policy() {
        return policy;
    }

    private int quietChecks;

    private void rescale() {
        try {
            long backlog = notices.stats().waiting();
            quietChecks = policy.desired(backlog) < size() ? quietChecks + 1 : 0;
            ScalingDecision decision = policy.decide(size(), backlog, quietChecks);
            if (decision instanceof ScalingDecision.ScaleTo to) {
                quietChecks = 0;
                LOG.atInfo().addKeyValue("from", size()).addKeyValue("to", to.workers())
                        .addKeyValue("reason", to.reason()).log("aggregators scaled");
                resize(to.workers());
            }
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("error", e.toString()).log("scaling check failed");
        }
    }

    private synchronized void resize(int target) {
        while (workers.size() < target) {
            workers.push(DeliveryLoop.grouped("aggregator", "aggregator-" + (workers.size() + 1), notices, GROUP_MAX,
                    this::aggregateGroup, breakers).start());
        }
        while (workers.size() > target) {
            workers.pop().close();
        }
    }

    /**
     * The notices whose objects are not in the aggregates, each with why; the others are done (applied, or found
     * applied before). A failed transaction throws, and the loop counts every notice of the group as failed.
     */
    private Map<MessageQueue.Delivery<ObjectKey>, RuntimeException> aggregateGroup(
            List<MessageQueue.Delivery<ObjectKey>> group) {
        AggregateStagedObject.GroupReport report = aggregate.aggregateAll(
                group.stream().map(MessageQueue.Delivery::message).toList());
        Map<ObjectKey, RuntimeException> why = new HashMap<>();
        for (AggregateStagedObject.Failure f : report.failed()) {
            why.put(f.staged(), f.cause());
            LOG.atWarn().addKeyValue("objectKey", f.staged().path()).addKeyValue("error", f.cause().toString())
                    .log("staged object not aggregated, notice will be delivered again");
        }
        Map<MessageQueue.Delivery<ObjectKey>, RuntimeException> failed = new LinkedHashMap<>();
        group.stream().filter(n -> why.containsKey(n.message())).forEach(n -> failed.put(n, why.get(n.message())));
        LOG.atDebug().addKeyValue("notices", group.size()).addKeyValue("batches", report.reports().size())
                .addKeyValue("failed", failed.size()).log("staged objects aggregated");
        return failed;
    }

    @Override
    public void close() {
        scaler.shutdownNow();
        resize(0);
    }
}
