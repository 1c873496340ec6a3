package dev.tributary.adapters.aws.sqs;

import dev.tributary.adapters.aws.ElasticMq;
import dev.tributary.adapters.aws.InJvmS3;
import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.IngestQueueContract;
import dev.tributary.application.port.out.MessageQueue.Delivery;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.source.InputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ingest-queue contract on ElasticMQ in the JVM: one server for the class, a fresh queue and DLQ per test. */
class SqsIngestQueueIT extends IngestQueueContract {
    private static ElasticMq sqs;
    private static InJvmS3 s3;
    private static S3PayloadSpool spool;

    @BeforeAll
    static void startServers() {
        sqs = ElasticMq.start();
        s3 = InJvmS3.start();
        s3.createBuckets("ingest-spool");
        spool = new S3PayloadSpool(s3.client(), "ingest-spool");
    }

    @AfterAll
    static void stopServers() throws Exception {
        sqs.close();
        s3.close();
    }

    @Override
    protected MessageQueue<Batch> newQueue(Duration visibilityTimeout, int maxReceives) {
        URI url = sqs.newQueue("ingest", visibilityTimeout, maxReceives);
        return new SqsMessageQueue<>(sqs.client(), url, "ingest-queue", new BatchMessages(SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES, spool));
    }

    /** Any consumer can read a large batch whole: the message names the spooled payload (S3Proxy here). */
    @Test
    void batchAboveTheMessageLimitWaitsInTheSpoolAndIsReceivedWholeByAnotherConsumer() {
        URI url = sqs.newQueue("large", Duration.ofSeconds(30), 3);
        SqsMessageQueue<Batch> producer = new SqsMessageQueue<>(sqs.client(), url, "ingest-queue", new BatchMessages(4096, spool));
        SqsMessageQueue<Batch> consumer = new SqsMessageQueue<>(sqs.client(), url, "ingest-queue", new BatchMessages(4096, spool));
        byte[] incompressible = new byte[20_000];
        new Random(7).nextBytes(incompressible);
        Batch batch = new Batch(TestBatches.batchIdAt(TestBatches.AT), TestBatches.ORDERS, InputFormat.CSV,
                TestBatches.AT, 1, incompressible);

        producer.publish(batch);
        long messages = consumer.stats().waiting();
        List<Delivery<Batch>> received = consumer.receive(10, Duration.ofSeconds(2));
        consumer.acknowledge(received.get(0));

        assertThat(messages).isEqualTo(1);
        assertThat(received).extracting(Delivery::message).containsExactly(batch);
        assertThat(consumer.stats().waiting() + consumer.stats().inFlight()).isZero();
        assertThat(s3.client().listObjectsV2(b -> b.bucket("ingest-spool").prefix(S3PayloadSpool.PREFIX)).contents())
                .singleElement().satisfies(o -> assertThat(o.key()).isEqualTo("spool/" + batch.id() + ".gz"));
    }

    @Test
    void extendedVisibilityKeepsADeliveryHidden() {
        URI url = sqs.newQueue("extend", Duration.ofSeconds(1), 3);
        SqsMessageQueue<Batch> queue = new SqsMessageQueue<>(sqs.client(), url, "ingest-queue", new BatchMessages(SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES, spool));
        queue.publish(TestBatches.orders(1));
        Delivery<Batch> delivery = queue.receive(1, Duration.ofSeconds(2)).get(0);

        queue.extendVisibility(delivery, Duration.ofSeconds(30));

        assertThat(queue.receive(1, Duration.ofSeconds(2))).isEmpty();
        assertThat(queue.stats().inFlight()).isEqualTo(1);
    }

    @Test
    void unreachableQueueIsAPortFailure() {
        SqsMessageQueue<Batch> queue = new SqsMessageQueue<>(sqs.client(),
                URI.create(sqs.endpoint() + "/000000000000/missing"), "ingest-queue",
                new BatchMessages(SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES, spool));

        assertThatThrownBy(() -> queue.publish(TestBatches.orders(1))).isInstanceOf(PortUnavailableException.class);
    }
}
