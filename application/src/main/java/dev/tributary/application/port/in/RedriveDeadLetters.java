package dev.tributary.application.port.in;

import dev.tributary.application.port.in.ReadPipelineStatus.Stage;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.application.refusal.UnknownStepException;
import dev.tributary.domain.source.SourceName;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts the dead letters in front of one step, or of every step, back on that step's queue, optionally only those of
 * one source, so they are tried again after whatever made them fail was fixed (invariant 4). Idempotent in effect: a
 * batch sent again, even twice, counts once in the ledger (invariant 2); a redrive repeated finds nothing to move.
 */
public interface RedriveDeadLetters {

    /**
     * @param step   the step whose dead letters to redrive; empty for every step this deployment queues for
     * @param source only that source's dead letters; empty for all
     * @throws UnknownSourceException when the catalog has no such source
     * @throws UnknownStepException when this deployment has no queue in front of {@code step}
     */
    RedriveReport redrive(Optional<Step> step, Optional<SourceName> source);

    /**
     * A pipeline step by its verb; its dead letters are those of the queue in front of it, which the status names
     * {@link Stage#INGEST}, {@link Stage#RAW}, {@link Stage#TRANSFORMED} and {@link Stage#STAGED} respectively.
     */
    enum Step {
        WRITE_RAW, TRANSFORM, STAGE, AGGREGATE;

        /** {@code write_raw}, {@code transform}, {@code stage}, {@code aggregate}: the verb in metrics, logs and CLI. */
        public String verb() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws UnknownStepException for anything but a step's verb (case-insensitive) */
        public static Step ofVerb(String verb) {
            return Arrays.stream(values()).filter(s -> s.verb().equalsIgnoreCase(String.valueOf(verb).trim()))
                    .findFirst().orElseThrow(() -> new UnknownStepException(Arrays.stream(values()).map(Step::verb).toList()));
        }
    }

    /** How many dead letters went back in front of each step redriven, in pipeline order. */
    record RedriveReport(List<Moved> steps) {
        public RedriveReport {
            steps = List.copyOf(steps);
        }

        public long total() {
            return steps.stream().mapToLong(Moved::messages).sum();
        }
    }

    record Moved(Step step, long messages) {
        public Moved {
            Objects.requireNonNull(step, "step");
        }
    }
}
