package dev.tributary.adapters.aws.sqs;

import dev.tributary.adapters.aws.ElasticMq;
import dev.tributary.adapters.aws.s3.LakeBuckets;
import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.MessageQueue.Delivery;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.NoticeQueueContract;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The notice-queue contract on ElasticMQ, plus the bodies S3 itself sends to a queue. */
class SqsNoticeQueueIT extends NoticeQueueContract {
    private static final LakeBuckets BUCKETS = new LakeBuckets("tributary-raw", "tributary-transformed", "tributary-staged");
    private static ElasticMq sqs;

    @BeforeAll
    static void startElasticMq() {
        sqs = ElasticMq.start();
    }

    @AfterAll
    static void stopElasticMq() {
        sqs.close();
    }

    @Override
    protected MessageQueue<ObjectKey> newQueue(Duration visibilityTimeout, int maxReceives) {
        return new SqsMessageQueue<>(sqs.client(), sqs.newQueue("notices", visibilityTimeout, maxReceives),
                "notice-queue", new ObjectKeyNotices(BUCKETS, Clock.systemUTC()));
    }

    @Test
    void s3EventSentByS3IsReceivedAsItsObjectKeyAndTestEventIsDropped() throws Exception {
        URI url = sqs.newQueue("s3-events", Duration.ofSeconds(30), 3);
        MessageQueue<ObjectKey> queue = new SqsMessageQueue<>(sqs.client(), url, "notice-queue", new ObjectKeyNotices(BUCKETS, Clock.systemUTC()));
        ObjectKey staged = TestBatches.rawKey().in(Zone.STAGED);
        String fromS3 = resource("/events/s3-notification-to-sqs.json")
                .replace("${key}", S3EventNotifications.encodeKey(staged.path()));
        String testEvent = resource("/events/s3-test-event.json");
        sqs.client().sendMessage(b -> b.queueUrl(url.toString()).messageBody(testEvent));
        sqs.client().sendMessage(b -> b.queueUrl(url.toString()).messageBody(fromS3));

        List<Delivery<ObjectKey>> notices = receiveAll(queue, 1);

        assertThat(notices).extracting(Delivery::message).containsExactly(staged);
        queue.acknowledge(notices.get(0));
        assertThat(queue.stats().waiting() + queue.stats().inFlight()).isZero();
    }

    @Test
    void messageWithTwoRecordsIsDeletedOnceBothAreAcknowledged() {
        URI url = sqs.newQueue("two-records", Duration.ofSeconds(30), 3);
        MessageQueue<ObjectKey> queue = new SqsMessageQueue<>(sqs.client(), url, "notice-queue", new ObjectKeyNotices(BUCKETS, Clock.systemUTC()));
        String one = S3EventNotifications.objectCreated("b", TestBatches.rawKey().path(), 1, TestBatches.AT);
        String two = S3EventNotifications.objectCreated("b", TestBatches.rawKey().path(), 1, TestBatches.AT);
        String both = one.substring(0, one.length() - 2) + "," + two.substring("{\"Records\":[".length());
        sqs.client().sendMessage(b -> b.queueUrl(url.toString()).messageBody(both));

        List<Delivery<ObjectKey>> notices = queue.receive(10, Duration.ofSeconds(2));
        queue.acknowledge(notices.get(0));
        long afterFirst = queue.stats().inFlight();
        queue.acknowledge(notices.get(1));

        assertThat(notices).hasSize(2);
        assertThat(afterFirst).isEqualTo(1);
        assertThat(queue.stats().inFlight() + queue.stats().waiting()).isZero();
    }

    /** A part given back travels alone from then on: its message is deleted once the other part is done. */
    @Test
    void partOfAMessageWithTwoRecordsGivenBackComesBackAloneWithNoReceiveCounted() {
        URI url = sqs.newQueue("two-records-released", Duration.ofSeconds(30), 2);
        MessageQueue<ObjectKey> queue = new SqsMessageQueue<>(sqs.client(), url, "notice-queue", new ObjectKeyNotices(BUCKETS, Clock.systemUTC()));
        ObjectKey first = TestBatches.rawKey();
        ObjectKey second = TestBatches.rawKey();
        String one = S3EventNotifications.objectCreated("b", first.path(), 1, TestBatches.AT);
        String two = S3EventNotifications.objectCreated("b", second.path(), 1, TestBatches.AT);
        String both = one.substring(0, one.length() - 2) + "," + two.substring("{\"Records\":[".length());
        sqs.client().sendMessage(b -> b.queueUrl(url.toString()).messageBody(both));

        List<Delivery<ObjectKey>> notices = queue.receive(10, Duration.ofSeconds(2));
        queue.release(notices.get(1), Duration.ZERO);
        queue.acknowledge(notices.get(0));
        List<Delivery<ObjectKey>> again = receiveAll(queue, 1);

        assertThat(again).extracting(Delivery::message).containsExactly(second);
        assertThat(again).extracting(Delivery::attempt).containsExactly(1);
        queue.acknowledge(again.get(0));
        assertThat(queue.stats().inFlight() + queue.stats().waiting() + queue.stats().deadLetters()).isZero();
    }

    private static List<Delivery<ObjectKey>> receiveAll(MessageQueue<ObjectKey> queue, int count) {
        List<Delivery<ObjectKey>> all = new java.util.ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            all.addAll(queue.receive(10, Duration.ofSeconds(1)));
            return all.size() >= count;
        });
        return all;
    }

    private static String resource(String name) throws Exception {
        try (var in = SqsNoticeQueueIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
