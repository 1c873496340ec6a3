package dev.tributary.adapters.local.workers;

import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.out.NoticeQueue;
import dev.tributary.domain.scaling.ScalingDecision;
import dev.tributary.domain.scaling.ScalingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local stand-in for the auto-scaled aggregator service: between min and max workers, each draining staged-object
 * notices into {@link AggregateStagedObject}. Every {@code checkEvery} the {@link ScalingPolicy} looks at the backlog
 * and the pool grows or shrinks, as ECS target tracking would.
 */
public final class AggregatorPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AggregatorPool.class);

    private final NoticeQueue notices;
    private final AggregateStagedObject aggregate;
    private final ScalingPolicy policy;
    private final Duration checkEvery;
    private final Deque<DeliveryLoop<NoticeQueue.Notice>> workers = new ArrayDeque<>();
    private final ScheduledExecutorService scaler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tributary-aggregator-scaler");
        t.setDaemon(true);
        return t;
    });

    public AggregatorPool(NoticeQueue notices, AggregateStagedObject aggregate, ScalingPolicy policy,
                          Duration checkEvery) {
        this.notices = notices;
        this.aggregate = aggregate;
        this.policy = policy;
        this.checkEvery = checkEvery;
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
            workers.push(new DeliveryLoop<NoticeQueue.Notice>("aggregator-" + (workers.size() + 1),
                    () -> notices.receive(10, Duration.ofMillis(500)),
                    notice -> aggregate.aggregate(notice.key()),
                    notices::acknowledge).start());
        }
        while (workers.size() > target) {
            workers.pop().close();
        }
    }

    @Override
    public void close() {
        scaler.shutdownNow();
        resize(0);
    }
}
