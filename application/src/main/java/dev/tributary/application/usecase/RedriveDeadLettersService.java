package dev.tributary.application.usecase;

import dev.tributary.application.port.in.RedriveDeadLetters;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.refusal.UnknownStepException;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Redrives through {@link MessageQueue#redriveDeadLetters}, step by step in pipeline order, with the source as the
 * message's predicate (a batch and an object key both know theirs). A step whose queue this process does not have is
 * refused by name.
 */
public final class RedriveDeadLettersService implements RedriveDeadLetters {
    private final SourceCatalog sources;
    private final Map<Step, Function<Optional<SourceName>, Long>> queues = new EnumMap<>(Step.class);

    public RedriveDeadLettersService(SourceCatalog sources, MessageQueue<Batch> ingest,
                                     Map<Zone, ? extends MessageQueue<ObjectKey>> notices) {
        this.sources = sources;
        queues.put(Step.WRITE_RAW, source -> ingest.redriveDeadLetters(of(source, Batch::source)));
        notice(notices, Zone.RAW, Step.TRANSFORM);
        notice(notices, Zone.TRANSFORMED, Step.STAGE);
        notice(notices, Zone.STAGED, Step.AGGREGATE);
    }

    private void notice(Map<Zone, ? extends MessageQueue<ObjectKey>> notices, Zone zone, Step step) {
        MessageQueue<ObjectKey> queue = notices.get(zone);
        if (queue != null) {
            queues.put(step, source -> queue.redriveDeadLetters(of(source, ObjectKey::source)));
        }
    }

    private static <M> Predicate<M> of(Optional<SourceName> source, Function<M, SourceName> sourceOf) {
        return source.<Predicate<M>>map(s -> m -> s.equals(sourceOf.apply(m))).orElse(m -> true);
    }

    @Override
    public RedriveReport redrive(Optional<Step> step, Optional<SourceName> source) {
        source.ifPresent(sources::require);
        if (step.isPresent() && !queues.containsKey(step.get())) {
            throw new UnknownStepException(queues.keySet().stream().map(Step::verb).toList());
        }
        List<Moved> moved = new ArrayList<>();
        for (Map.Entry<Step, Function<Optional<SourceName>, Long>> queue : queues.entrySet()) {
            if (step.isEmpty() || step.get() == queue.getKey()) {
                moved.add(new Moved(queue.getKey(), queue.getValue().apply(source)));
            }
        }
        return new RedriveReport(moved);
    }
}
