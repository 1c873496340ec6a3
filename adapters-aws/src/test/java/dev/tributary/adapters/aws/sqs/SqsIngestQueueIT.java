package dev.tributary.adapters.aws.sqs;

import dev.tributary.adapters.aws.ElasticMq;
import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.application.port.out.IngestQueue.Delivery;
import dev.tributary.application.port.out.IngestQueueContract;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.source.Format;
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

    @BeforeAll
    static void startElasticMq() {
        sqs = ElasticMq.start();
    }

    @AfterAll
    static void stopElasticMq() {
        sqs.close();
    }

    @Override
    protected IngestQueue newQueue(Duration visibilityTimeout, int maxReceives) {
        URI url = sqs.newQueue("ingest", visibilityTimeout, maxReceives);
        return new SqsIngestQueue(sqs.client(), url, SqsIngestQueue.DEFAULT_MAX_MESSAGE_BYTES, visibilityTimeout);
    }

    @Test
    void batchAboveTheMessageLimitTravelsInPartsAndIsReceivedWhole() {
        URI url = sqs.newQueue("parts", Duration.ofSeconds(30), 3);
        SqsIngestQueue queue = new SqsIngestQueue(sqs.client(), url, 4096, Duration.ofSeconds(30));
        byte[] incompressible = new byte[20_000];
        new Random(7).nextBytes(incompressible);
        Batch batch = new Batch(TestBatches.batchIdAt(TestBatches.AT), TestBatches.ORDERS, Format.CSV,
                TestBatches.AT, 1, incompressible);

        queue.publish(batch);
        long parts = queue.stats().waiting();
        List<Delivery> received = queue.receive(10, Duration.ofSeconds(2));
        queue.acknowledge(received.get(0));

        assertThat(parts).isGreaterThan(5);
        assertThat(received).extracting(Delivery::batch).containsExactly(batch);
        assertThat(queue.stats().waiting() + queue.stats().inFlight()).isZero();
    }

    @Test
    void extendedVisibilityKeepsADeliveryHidden() {
        URI url = sqs.newQueue("extend", Duration.ofSeconds(1), 3);
        SqsIngestQueue queue = new SqsIngestQueue(sqs.client(), url, SqsIngestQueue.DEFAULT_MAX_MESSAGE_BYTES,
                Duration.ofSeconds(1));
        queue.publish(TestBatches.orders(1));
        Delivery delivery = queue.receive(1, Duration.ofSeconds(2)).get(0);

        queue.extendVisibility(delivery, Duration.ofSeconds(30));

        assertThat(queue.receive(1, Duration.ofSeconds(2))).isEmpty();
        assertThat(queue.stats().inFlight()).isEqualTo(1);
    }

    @Test
    void unreachableQueueIsAPortFailure() {
        SqsIngestQueue queue = new SqsIngestQueue(sqs.client(), URI.create(sqs.endpoint() + "/000000000000/missing"),
                SqsIngestQueue.DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(30));

        assertThatThrownBy(() -> queue.publish(TestBatches.orders(1))).isInstanceOf(PortUnavailableException.class);
    }
}
