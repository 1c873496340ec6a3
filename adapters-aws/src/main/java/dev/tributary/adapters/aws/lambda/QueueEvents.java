package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.application.port.out.PortUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One SQS event of a function's event source mapping, message by message, answered with the messages to deliver
 * again ({@code batchItemFailures}; ReportBatchItemFailures is on) — and outages waited out as on ECS (invariant 8):
 * <ul>
 *   <li>a message whose work fails by itself (not a lake path, a payload that cannot be read) is reported: SQS
 *       delivers it again and dead-letters it after the queue's {@code maxReceiveCount};</li>
 *   <li>a message whose work meets a dependency that is down ({@link PortUnavailableException}: S3, SQS) is given
 *       back with {@link Requeue}: a copy, delayed, replaces it, so the outage costs no receive count. The messages
 *       after it in the event are given back untried (the dependency is down for them too). The copy counts its
 *       waits ({@link Requeue#WAITS}), and each wait doubles from {@code firstWait} up to {@code maxWait}, with
 *       jitter, so a long outage costs one copy per message every {@code maxWait}, never a dead letter.</li>
 * </ul>
 * A message that cannot be given back (SQS itself down) is reported: it is seen again after its visibility timeout.
 */
public final class QueueEvents {
    private static final Logger LOG = LoggerFactory.getLogger(QueueEvents.class);

    /** Gives a message back to the queue it came from, visible again after {@code delay}, with {@code waits} counted. */
    @FunctionalInterface
    public interface Requeue {
        /** The message attribute counting how often a message was given back in a row. */
        String WAITS = "tributary-outage-waits";

        void giveBack(SQSEvent.SQSMessage message, Duration delay, int waits);
    }

    /** How long a message given back waits: {@code first} after the first outage, doubling up to {@code max}. */
    public record Waits(Duration first, Duration max) {
        public Waits {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(max, "max");
            if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("waits need 0 < first <= max: " + first + ", " + max);
            }
        }

        /** The wait after {@code waited} earlier ones: the doubled wait's upper half, at random ("equal jitter"). */
        Duration after(int waited) {
            long full = first.toMillis() << Math.min(waited, 20);
            long capped = Math.min(max.toMillis(), full);
            return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        }
    }

    private final String stage;
    private final Requeue requeue;
    private final Waits waits;

    /** @param stage the step's verb for the logs ({@code write_raw}, {@code transform}, {@code stage}) */
    public QueueEvents(String stage, Requeue requeue, Waits waits) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.requeue = Objects.requireNonNull(requeue, "requeue");
        this.waits = Objects.requireNonNull(waits, "waits");
    }

    /** Runs {@code work} on each message of {@code event}, in order, and names the ones SQS should deliver again. */
    public SQSBatchResponse handle(SQSEvent event, Consumer<SQSEvent.SQSMessage> work) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        PortUnavailableException outage = null;
        int givenBack = 0;
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (outage == null) {
                try {
                    work.accept(message);
                    continue;
                } catch (PortUnavailableException e) {
                    outage = e;
                } catch (RuntimeException e) {
                    LOG.atWarn().addKeyValue("stage", stage).addKeyValue("messageId", message.getMessageId())
                            .addKeyValue("receiveCount", receiveCount(message)).addKeyValue("error", e.toString())
                            .log("message failed, will be delivered again");
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                    continue;
                }
            }
            if (giveBack(message, outage)) {
                givenBack++;
            } else {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        if (outage != null) {
            LOG.atWarn().addKeyValue("stage", stage).addKeyValue("dependency", outage.dependency())
                    .addKeyValue("givenBack", givenBack).addKeyValue("error", outage.getMessage())
                    .log("dependency unavailable, messages given back to wait the outage out");
        }
        return new SQSBatchResponse(failures);
    }

    private boolean giveBack(SQSEvent.SQSMessage message, PortUnavailableException outage) {
        int waited = waitsOf(message);
        try {
            requeue.giveBack(message, waits.after(waited), waited + 1);
            return true;
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("stage", stage).addKeyValue("messageId", message.getMessageId())
                    .addKeyValue("dependency", outage.dependency()).addKeyValue("error", e.toString())
                    .log("message could not be given back, will be delivered again");
            return false;
        }
    }

    private static int waitsOf(SQSEvent.SQSMessage message) {
        if (message.getMessageAttributes() == null) {
            return 0;
        }
        SQSEvent.MessageAttribute waits = message.getMessageAttributes().get(Requeue.WAITS);
        try {
            return waits == null || waits.getStringValue() == null ? 0 : Integer.parseInt(waits.getStringValue());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String receiveCount(SQSEvent.SQSMessage message) {
        return message.getAttributes() == null ? "?" : message.getAttributes().getOrDefault("ApproximateReceiveCount", "?");
    }
}
