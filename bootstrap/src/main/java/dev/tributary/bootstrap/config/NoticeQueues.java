package dev.tributary.bootstrap.config;

import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The notice queues of a deployment, by the zone whose new objects they announce: raw → transformation, transformed →
 * staging, staged → aggregators. Locally all three are on-disk queues; on AWS they are SQS queues fed by the buckets'
 * notifications, and a role has those it uses (the aggregator the staged one; the client all three, for their
 * backlog and dead letters; the functions read theirs through Lambda's event source mappings).
 */
public final class NoticeQueues implements AutoCloseable {
    private final Map<Zone, MessageQueue<ObjectKey>> byZone;

    public NoticeQueues(Map<Zone, ? extends MessageQueue<ObjectKey>> byZone) {
        this.byZone = Map.copyOf(byZone);
    }

    /** The queue announcing new objects of {@code zone}; refuses a zone this deployment has no queue for. */
    public MessageQueue<ObjectKey> of(Zone zone) {
        MessageQueue<ObjectKey> queue = byZone.get(zone);
        if (queue == null) {
            throw new IllegalStateException("this deployment has no notice queue for the " + zone.prefix() + " zone");
        }
        return queue;
    }

    public Map<Zone, MessageQueue<ObjectKey>> byZone() {
        return byZone;
    }

    /** Closes the queues that hold resources (the on-disk ones); every one is tried. */
    @Override
    public void close() throws Exception {
        List<Exception> failures = new ArrayList<>();
        for (MessageQueue<ObjectKey> queue : byZone.values()) {
            if (queue instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
