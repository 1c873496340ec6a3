package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.adapters.aws.ElasticMq;
import dev.tributary.adapters.aws.sqs.SqsMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A message given back on ElasticMQ: a delayed copy with its attributes, the waits counted, a fresh receive count. */
class SqsRequeueIT {
    private static ElasticMq sqs;

    @BeforeAll
    static void startElasticMq() {
        sqs = ElasticMq.start();
    }

    @AfterAll
    static void stopElasticMq() {
        sqs.close();
    }

    @Test
    void theCopyArrivesAfterItsDelayWithTheBodyAttributesAndWaitsOfTheMessage() {
        URI url = sqs.newQueue("raw-notices", Duration.ofSeconds(30), 5);
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        SQSEvent.SQSMessage received = LambdaEvents.sqsEvent(LambdaEvents.sqsEventJson(List.of(
                new SqsMessage("{\"Records\":[]}", Map.of("batch-id", "019ced1c-0f70-7000-8000-000000000001")))))
                .getRecords().get(0);
        received.setEventSourceArn("arn:aws:sqs:eu-west-1:000000000000:" + name);

        Instant sent = Instant.now();
        new SqsRequeue(sqs.client()).giveBack(received, Duration.ofSeconds(2), 3);

        assertThat(receive(url, 0)).as("hidden for its delay").isEmpty();
        List<Message> copies = receive(url, 5);
        assertThat(Duration.between(sent, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
        assertThat(copies).singleElement().satisfies(copy -> {
            assertThat(copy.body()).isEqualTo("{\"Records\":[]}");
            assertThat(copy.messageAttributes().get("batch-id").stringValue())
                    .isEqualTo("019ced1c-0f70-7000-8000-000000000001");
            assertThat(copy.messageAttributes().get(QueueEvents.Requeue.WAITS).stringValue()).isEqualTo("3");
            assertThat(copy.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("1");
        });
    }

    private static List<Message> receive(URI url, int waitSeconds) {
        return sqs.client().receiveMessage(b -> b.queueUrl(url.toString()).waitTimeSeconds(waitSeconds)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }
}
