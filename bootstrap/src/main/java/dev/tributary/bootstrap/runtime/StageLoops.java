package dev.tributary.bootstrap.runtime;

import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The queue-driven loops of the pipeline: worker loops that run the raw writer on the
 * ingest queue, the transformation on raw-object notices, the staging on transformed-object notices, and the
 * auto-scaled aggregator pool on staged-object notices. Each acknowledges only after its step is durable.
 */
public final class StageLoops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StageLoops.class);

    /** Queues the loops drain. */
    public record Queues(MessageQueue<Batch> ingest, MessageQueue<ObjectKey> rawWritten,
                         MessageQueue<ObjectKey> transformedWritten) {}

    /** Steps the loops run. */
    public record Steps(WriteRawBatch writeRaw, TransformRawObject transform, StageTransformedObject stage) {}

    /** Loop counts per step. */
    public record Sizing(int rawWriters, int transformers, int stagers) {}

    private final List<DeliveryLoop<?>> loops = new ArrayList<>();
    private final AggregatorPool aggregators;
    private final Queues queues;
    private final Steps steps;
    private final Sizing sizing;
    private final DependencyBreakers breakers;

    public StageLoops(Queues queues, Steps steps, Sizing sizing, AggregatorPool aggregators,
                      DependencyBreakers breakers) {
        this.queues = queues;
        this.steps = steps;
        this.sizing = sizing;
        this.aggregators = aggregators;
        this.breakers = breakers;
    }

    public synchronized StageLoops start() {
        for (int i = 1; i <= sizing.rawWriters(); i++) {
            loops.add(DeliveryLoop.each("raw-writer", "raw-writer-" + i, queues.ingest(),
                    (Batch batch) -> steps.writeRaw().write(batch), breakers).start());
        }
        for (int i = 1; i <= sizing.transformers(); i++) {
            loops.add(noticeLoop("transformer", i, queues.rawWritten(), raw -> steps.transform().transform(raw)));
        }
        for (int i = 1; i <= sizing.stagers(); i++) {
            loops.add(noticeLoop("stager", i, queues.transformedWritten(), transformed -> steps.stage().stage(transformed)));
        }
        aggregators.start();
        LOG.atInfo().addKeyValue("rawWriters", sizing.rawWriters()).addKeyValue("transformers", sizing.transformers())
                .addKeyValue("stagers", sizing.stagers()).addKeyValue("aggregatorsMin", aggregators.policy().min())
                .addKeyValue("aggregatorsMax", aggregators.policy().max()).log("stage loops started");
        return this;
    }

    private DeliveryLoop<ObjectKey> noticeLoop(String step, int worker, MessageQueue<ObjectKey> queue,
                                               Consumer<ObjectKey> apply) {
        return DeliveryLoop.each(step, step + "-" + worker, queue, apply, breakers).start();
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
