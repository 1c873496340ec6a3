package dev.tributary.bootstrap.runtime;

import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.application.port.out.NoticeQueue;
import dev.tributary.domain.scaling.ScalingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The queue-driven loops of the pipeline: worker loops that run the raw writer on the
 * ingest queue, the transformation on raw-object notices, the staging on transformed-object notices, and the
 * auto-scaled aggregator pool on staged-object notices. Each acknowledges only after its step is durable.
 */
public final class StageLoops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StageLoops.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int RECEIVE_MAX = 10;

    /** Queues the loops drain. */
    public record Queues(IngestQueue ingest, NoticeQueue rawWritten, NoticeQueue transformedWritten,
                         NoticeQueue stagedWritten) {}

    /** Steps the loops run. */
    public record Steps(WriteRawBatch writeRaw, TransformRawObject transform, StageTransformedObject stage,
                        AggregateStagedObject aggregate) {}

    /** Loop counts per step and the aggregator pool's scaling. */
    public record Sizing(int rawWriters, int transformers, int stagers, ScalingPolicy aggregators,
                         Duration scalingInterval) {}

    private final List<DeliveryLoop<?>> loops = new ArrayList<>();
    private final AggregatorPool aggregators;
    private final Queues queues;
    private final Steps steps;
    private final Sizing sizing;

    public StageLoops(Queues queues, Steps steps, Sizing sizing) {
        this.queues = queues;
        this.steps = steps;
        this.sizing = sizing;
        this.aggregators = new AggregatorPool(queues.stagedWritten(), steps.aggregate(), sizing.aggregators(),
                sizing.scalingInterval());
    }

    public synchronized StageLoops start() {
        for (int i = 1; i <= sizing.rawWriters(); i++) {
            loops.add(new DeliveryLoop<IngestQueue.Delivery>("raw-writer-" + i,
                    () -> queues.ingest().receive(RECEIVE_MAX, POLL),
                    d -> {
                        steps.writeRaw().write(d.batch());
                        LOG.atDebug().addKeyValue("source", d.batch().source()).addKeyValue("batchId", d.batch().id())
                                .addKeyValue("attempt", d.attempt()).log("raw batch written");
                    },
                    queues.ingest()::acknowledge).start());
        }
        for (int i = 1; i <= sizing.transformers(); i++) {
            loops.add(noticeLoop("transformer-" + i, queues.rawWritten(), n -> steps.transform().transform(n.key())));
        }
        for (int i = 1; i <= sizing.stagers(); i++) {
            loops.add(noticeLoop("stager-" + i, queues.transformedWritten(), n -> steps.stage().stage(n.key())));
        }
        aggregators.start();
        LOG.atInfo().addKeyValue("rawWriters", sizing.rawWriters()).addKeyValue("transformers", sizing.transformers())
                .addKeyValue("stagers", sizing.stagers()).addKeyValue("aggregatorsMin", sizing.aggregators().min())
                .addKeyValue("aggregatorsMax", sizing.aggregators().max()).log("stage loops started");
        return this;
    }

    private static DeliveryLoop<NoticeQueue.Notice> noticeLoop(String name, NoticeQueue queue,
                                                               java.util.function.Consumer<NoticeQueue.Notice> step) {
        return new DeliveryLoop<NoticeQueue.Notice>(name, () -> queue.receive(RECEIVE_MAX, POLL), step,
                queue::acknowledge).start();
    }

    /** Aggregator workers running now. */
    public int aggregatorWorkers() {
        return aggregators.size();
    }

    @Override
    public synchronized void close() {
        loops.forEach(DeliveryLoop::close);
        loops.clear();
        aggregators.close();
        LOG.atInfo().log("stage loops stopped");
    }
}
