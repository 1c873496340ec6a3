package dev.tributary.adapters.aws.sqs;

import dev.tributary.application.TestBatches;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.source.InputFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchMessagesTest {
    private static final int LIMIT = 256 * 1024;
    private static final String[] WORDS = {"web", "ios", "android", "checkout", "cart", "search", "home", "promo",
            "eu-west", "us-east", "premium", "basic", "visa", "paypal", "shipped", "pending", "returned", "gift"};

    /** A spool in memory; counts what was put. */
    private final InMemorySpool spool = new InMemorySpool();

    @Test
    void smallBatchTravelsAsPlainText() {
        Batch batch = TestBatches.orders(3);

        SqsMessage m = BatchMessages.encode(batch, LIMIT, spool);

        assertThat(m.attributes()).containsEntry("encoding", "text")
                .containsEntry("source", "orders").containsEntry("batch-id", batch.id().toString());
        assertThat(m.body()).isEqualTo(new String(batch.payload(), StandardCharsets.UTF_8));
        assertThat(BatchMessages.decode(m, spool)).isEqualTo(batch);
        assertThat(spool.isEmpty()).isTrue();
    }

    @Test
    void thousandEventsOfHalfAKilobyteAreGzippedIntoOneOrTwoBillingChunks() {
        Batch batch = realisticNdjson(1000, 500);

        SqsMessage m = BatchMessages.encode(batch, LIMIT, spool);

        assertThat(batch.payload().length).isGreaterThan(450_000);
        assertThat(m.attributes()).containsEntry("encoding", "gzip+base64");
        assertThat(m.billingChunks()).isBetween(1, 2);
        assertThat(BatchMessages.decode(m, spool)).isEqualTo(batch);
    }

    @Test
    void textStaysTextWhenGzipSavesNoBillingChunk() {
        Batch batch = realisticNdjson(20, 500);      // ~10 KB: one chunk either way

        assertThat(BatchMessages.encode(batch, LIMIT, spool).attributes()).containsEntry("encoding", "text");
    }

    @Test
    void bytesThatAreNotSqsTextAreBase64Encoded() {
        byte[] payload = {'a', (byte) 0xC3, 0x28, 0x01};   // invalid UTF-8 and a control character
        Batch batch = new Batch(TestBatches.batchIdAt(TestBatches.AT), TestBatches.ORDERS, InputFormat.CSV,
                TestBatches.AT, 1, payload);

        SqsMessage m = BatchMessages.encode(batch, LIMIT, spool);

        assertThat(m.attributes().get("encoding")).isIn("base64", "gzip+base64");
        assertThat(BatchMessages.decode(m, spool)).isEqualTo(batch);
    }

    @Test
    void batchAboveTheLimitWaitsInTheSpoolAndTheMessageNamesIt() {
        byte[] payload = new byte[100_000];
        new Random(1).nextBytes(payload);
        Batch batch = new Batch(TestBatches.batchIdAt(TestBatches.AT), TestBatches.ORDERS, InputFormat.CSV,
                TestBatches.AT, 1, payload);

        SqsMessage m = BatchMessages.encode(batch, 16 * 1024, spool);

        assertThat(m.attributes()).containsEntry("encoding", "gzip+spool").containsEntry("batch-id", batch.id().toString());
        assertThat(m.body()).isEqualTo("mem://" + batch.id());
        assertThat(m.size()).isLessThan(1024);
        assertThat(BatchMessages.decode(m, spool)).isEqualTo(batch);
    }

    @Test
    void withoutASpoolABatchAboveTheLimitIsRefusedNotDropped() {
        byte[] payload = new byte[50_000];
        new Random(3).nextBytes(payload);
        Batch batch = new Batch(TestBatches.batchIdAt(TestBatches.AT), TestBatches.ORDERS, InputFormat.CSV,
                TestBatches.AT, 1, payload);

        assertThatThrownBy(() -> BatchMessages.encode(batch, 16 * 1024, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no spool");
    }

    /** NDJSON of {@code events} events of about {@code bytes} bytes each, with varied values as real traffic has. */
    static Batch realisticNdjson(int events, int bytes) {
        Random random = new Random(42);
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < events; i++) {
            StringBuilder line = new StringBuilder("{\"order_id\":\"o-" + random.nextInt(1_000_000)
                    + "\",\"customer\":\"c-" + random.nextInt(5000) + "\",\"amount\":" + random.nextInt(100_000) / 100.0
                    + ",\"currency\":\"EUR\",\"placed_at\":\"2026-03-14T15:" + (10 + random.nextInt(49)) + ":00Z\"");
            int n = 0;
            while (line.length() < bytes - 30) {
                line.append(",\"attr_").append(n++).append("\":\"").append(WORDS[random.nextInt(WORDS.length)])
                        .append('-').append(random.nextInt(100)).append('"');
            }
            ndjson.append(line).append("}\n");
        }
        return new Batch(TestBatches.batchIdAt(TestBatches.AT), TestBatches.ORDERS, InputFormat.NDJSON, TestBatches.AT,
                events, ndjson.toString().getBytes(StandardCharsets.UTF_8));
    }
}
