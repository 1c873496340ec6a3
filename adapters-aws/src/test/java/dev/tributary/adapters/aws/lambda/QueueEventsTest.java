package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.adapters.aws.sqs.SqsMessage;
import dev.tributary.application.port.out.PortUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueEventsTest {
    private static final QueueEvents.Waits WAITS = new QueueEvents.Waits(Duration.ofSeconds(5), Duration.ofSeconds(60));

    private record GivenBack(String body, Duration delay, int waits) {}

    private final List<GivenBack> givenBack = new ArrayList<>();
    private final List<String> worked = new ArrayList<>();
    private final QueueEvents events = new QueueEvents("transform",
            (m, delay, waits) -> givenBack.add(new GivenBack(m.getBody(), delay, waits)), WAITS);

    @Test
    void anOutageGivesTheMessageAndEveryOneAfterItBackUntriedWithoutReportingAFailure() {
        SQSEvent event = event(message("a", Map.of()), message("down", Map.of()), message("c", Map.of()));

        SQSBatchResponse response = events.handle(event, m -> {
            worked.add(m.getBody());
            if (m.getBody().equals("down")) {
                throw new PortUnavailableException("lake", "S3", "503 Slow Down", null);
            }
        });

        assertThat(response.getBatchItemFailures()).isEmpty();   // no receive count spent on the outage
        assertThat(worked).containsExactly("a", "down");
        assertThat(givenBack).extracting(GivenBack::body).containsExactly("down", "c");
        assertThat(givenBack).allSatisfy(g -> {
            assertThat(g.waits()).isEqualTo(1);
            assertThat(g.delay()).isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(5));
        });
    }

    @Test
    void eachWaitDoublesUpToTheMaximumAsCountedOnTheCopy() {
        events.handle(event(message("again", Map.of(QueueEvents.Requeue.WAITS, "3")),
                message("long", Map.of(QueueEvents.Requeue.WAITS, "40"))), m -> {
            throw new PortUnavailableException("lake", "S3", "down", null);
        });

        assertThat(givenBack.get(0).waits()).isEqualTo(4);
        assertThat(givenBack.get(0).delay()).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(40));
        assertThat(givenBack.get(1).waits()).isEqualTo(41);
        assertThat(givenBack.get(1).delay()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    void aMessageThatFailsByItselfIsReportedAndTheOthersGoOn() {
        SQSEvent event = event(message("poison", Map.of()), message("fine", Map.of()));

        SQSBatchResponse response = events.handle(event, m -> {
            worked.add(m.getBody());
            if (m.getBody().equals("poison")) {
                throw new IllegalArgumentException("not a lake path");
            }
        });

        assertThat(worked).containsExactly("poison", "fine");
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(givenBack).isEmpty();
    }

    @Test
    void aMessageThatCannotBeGivenBackIsReportedSoSqsDeliversItAgain() {
        QueueEvents sqsDown = new QueueEvents("transform", (m, delay, waits) -> {
            throw new PortUnavailableException("requeue", "SQS", "connection refused", null);
        }, WAITS);
        SQSEvent event = event(message("a", Map.of()));

        SQSBatchResponse response = sqsDown.handle(event, m -> {
            throw new PortUnavailableException("lake", "S3", "down", null);
        });

        assertThat(response.getBatchItemFailures()).hasSize(1);
    }

    @Test
    void waitsRefuseAMaximumBelowTheFirst() {
        assertThatThrownBy(() -> new QueueEvents.Waits(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SqsMessage message(String body, Map<String, String> attributes) {
        return new SqsMessage(body, attributes);
    }

    private static SQSEvent event(SqsMessage... messages) {
        return LambdaEvents.sqsEvent(LambdaEvents.sqsEventJson(List.of(messages)));
    }
}
