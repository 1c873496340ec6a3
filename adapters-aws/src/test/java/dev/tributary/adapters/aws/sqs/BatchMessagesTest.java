package dev.tributary.adapters.aws.sqs;

import dev.tributary.application.TestBatches;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.source.Format;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchMessagesTest {
    private static final int LIMIT = 256 * 1024;
    private static final String[] WORDS = {"web", "ios", "android", "checkout", "cart", "search", "home", "promo",
            "eu-west", "us-east", "premium", "basic", "visa", "paypal", "shipped", "pending", "returned", "gift"};

    @Test
    void smallBatchTravelsAsPlainText() {
        Batch batch = TestBatches.orders(3);

        List<BatchMessages.Message> messages = BatchMessages.encode(batch, LIMIT);

        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.attributes()).containsEntry("encoding", "text").containsEntry("part", "1/1")
                    .containsEntry("source", "orders").containsEntry("batch-id", batch.id().toString());
            assertThat(m.body()).isEqualTo(new String(batch.payload(), StandardCharsets.UTF_8));
        });
        assertThat(BatchMessages.decode(messages)).isEqualTo(batch);
    }

    @Test
    void thousandEventsOfHalfAKilobyteAreGzippedIntoOneOrTwoBillingChunks() {
        Batch batch = realisticNdjson(1000, 500);

        List<BatchMessages.Message> messages = BatchMessages.encode(batch, LIMIT);

        assertThat(batch.payload().length).isGreaterThan(450_000);
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.attributes()).containsEntry("encoding", "gzip+base64");
            assertThat(m.billingChunks()).isBetween(1, 2);
        });
        assertThat(BatchMessages.decode(messages)).isEqualTo(batch);
    }

    @Test
    void textStaysTextWhenGzipSavesNoBillingChunk() {
        Batch batch = realisticNdjson(20, 500);      // ~10 KB: one chunk either way

        assertThat(BatchMessages.encode(batch, LIMIT)).singleElement()
                .satisfies(m -> assertThat(m.attributes()).containsEntry("encoding", "text"));
    }

    @Test
    void bytesThatAreNotSqsTextAreBase64Encoded() {
        byte[] payload = {'a', (byte) 0xC3, 0x28, 0x01};   // invalid UTF-8 and a control character
        Batch batch = new Batch(TestBatches.batchIdAt(TestBatches.AT), TestBatches.ORDERS, Format.CSV,
                TestBatches.AT, 1, payload);

        List<BatchMessages.Message> messages = BatchMessages.encode(batch, LIMIT);

        assertThat(messages.get(0).attributes().get("encoding")).isIn("base64", "gzip+base64");
        assertThat(BatchMessages.decode(messages)).isEqualTo(batch);
    }

    @Test
    void batchAboveTheLimitIsSplitIntoPartsThatJoinInAnyOrder() {
        byte[] payload = new byte[100_000];
        new Random(1).nextBytes(payload);
        Batch batch = new Batch(TestBatches.batchIdAt(TestBatches.AT), TestBatches.ORDERS, Format.CSV,
                TestBatches.AT, 1, payload);

        List<BatchMessages.Message> parts = new ArrayList<>(BatchMessages.encode(batch, 16 * 1024));
        Collections.shuffle(parts, new Random(2));

        assertThat(parts).hasSizeGreaterThan(8).allSatisfy(p -> assertThat(p.size()).isLessThanOrEqualTo(16 * 1024));
        assertThat(parts).extracting(BatchMessages.Message::partCount).containsOnly(parts.size());
        assertThat(BatchMessages.decode(parts)).isEqualTo(batch);
    }

    @Test
    void incompleteOrMixedPartsAreRefused() {
        byte[] payload = new byte[50_000];
        new Random(3).nextBytes(payload);
        Batch batch = new Batch(TestBatches.batchIdAt(TestBatches.AT), TestBatches.ORDERS, Format.CSV,
                TestBatches.AT, 1, payload);
        List<BatchMessages.Message> parts = BatchMessages.encode(batch, 16 * 1024);
        List<BatchMessages.Message> mixed = new ArrayList<>(parts.subList(1, parts.size()));
        mixed.add(BatchMessages.encode(TestBatches.orders(1), LIMIT).get(0));

        assertThatThrownBy(() -> BatchMessages.decode(parts.subList(0, parts.size() - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchMessages.decode(mixed)).isInstanceOf(IllegalArgumentException.class);
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
        return new Batch(TestBatches.batchIdAt(TestBatches.AT), TestBatches.ORDERS, Format.NDJSON, TestBatches.AT,
                events, ndjson.toString().getBytes(StandardCharsets.UTF_8));
    }
}
