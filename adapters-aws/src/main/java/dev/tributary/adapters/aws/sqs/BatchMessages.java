package dev.tributary.adapters.aws.sqs;

import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.batch.Utf8;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A batch as one SQS message. What the batch is travels in message attributes ({@code source}, {@code batch-id},
 * {@code format}, {@code received-at}, {@code records}, {@code encoding}); the payload is the body:
 * <ul>
 *   <li>as text when it is valid UTF-8 that SQS accepts, unless gzip+base64 needs fewer 64 KiB billing chunks
 *       (SQS bills every started 64 KiB of body and attributes as one request);</li>
 *   <li>gzip+base64 (or plain base64 if that is smaller) when the bytes are not text SQS accepts;</li>
 *   <li>when even that exceeds the queue's size limit, the gzipped payload goes to a {@link Spool} first and the body
 *       names it ({@code gzip+spool}): no batch is ever dropped for its size, and whoever receives the message can
 *       read the whole batch (message parts would have to meet at one consumer).</li>
 * </ul>
 */
public final class BatchMessages implements SqsMessageFormat<Batch> {
    public static final int BILLING_CHUNK = 64 * 1024;
    static final String SOURCE = "source";
    static final String BATCH_ID = "batch-id";
    static final String FORMAT = "format";
    static final String RECEIVED_AT = "received-at";
    static final String RECORDS = "records";
    static final String ENCODING = "encoding";
    private static final String TEXT = "text";
    private static final String BASE64 = "base64";
    private static final String GZIP_BASE64 = "gzip+base64";
    private static final String GZIP_SPOOL = "gzip+spool";

    /** Where payloads too large for a message wait, keyed by batch id. */
    public interface Spool {
        /** Stores the gzipped payload durably and returns its location, which {@link #get} reads. */
        String put(BatchId batch, byte[] gzip);

        byte[] get(String location);
    }

    private final int maxMessageBytes;
    private final Spool spool;

    /**
     * @param maxMessageBytes the queue's MaximumMessageSize; larger batches go through the spool
     * @param spool           where batches larger than a message wait (an S3 prefix on AWS); null: none
     */
    public BatchMessages(int maxMessageBytes, Spool spool) {
        this.maxMessageBytes = maxMessageBytes;
        this.spool = spool;
    }

    @Override
    public SqsMessage encode(Batch batch) {
        return encode(batch, maxMessageBytes, spool);
    }

    @Override
    public List<Batch> decode(SqsMessage message) {
        return List.of(decode(message, spool));
    }

    /** The message for one batch; a payload too large for {@code maxMessageBytes} is put in the spool first. */
    public static SqsMessage encode(Batch batch, int maxMessageBytes, Spool spool) {
        String text = sqsText(batch.payload());
        String encoding = GZIP_BASE64;
        byte[] gzipped = gzip(batch.payload());
        String compressed = Base64.getEncoder().encodeToString(gzipped);
        if (text == null) {
            String plain = Base64.getEncoder().encodeToString(batch.payload());
            if (plain.length() <= compressed.length()) {
                compressed = plain;
                encoding = BASE64;
            }
        } else {
            SqsMessage asText = message(batch, TEXT, text);
            SqsMessage asGzip = message(batch, encoding, compressed);
            if (asText.size() <= maxMessageBytes && asText.billingChunks() <= asGzip.billingChunks()) {
                return asText;
            }
        }
        SqsMessage whole = message(batch, encoding, compressed);
        if (whole.size() <= maxMessageBytes) {
            return whole;
        }
        if (spool == null) {
            throw new IllegalStateException("batch " + batch.id() + " needs " + whole.size() + " bytes, the message limit is "
                    + maxMessageBytes + ", and no spool is configured");
        }
        return message(batch, GZIP_SPOOL, spool.put(batch.id(), gzipped));
    }

    /** The batch a message carries, reading a spooled payload from {@code spool}. */
    public static Batch decode(SqsMessage message, Spool spool) {
        Map<String, String> a = message.attributes();
        byte[] payload = switch (a.getOrDefault(ENCODING, TEXT)) {
            case TEXT -> message.body().getBytes(StandardCharsets.UTF_8);
            case BASE64 -> Base64.getDecoder().decode(message.body());
            case GZIP_BASE64 -> gunzip(Base64.getDecoder().decode(message.body()));
            case GZIP_SPOOL -> {
                if (spool == null) {
                    throw new IllegalStateException("batch " + a.get(BATCH_ID) + " is spooled and no spool is configured");
                }
                yield gunzip(spool.get(message.body()));
            }
            default -> throw new IllegalArgumentException("unknown encoding " + a.get(ENCODING));
        };
        InputFormat format = InputFormat.fromExtension(a.get(FORMAT))
                .orElseThrow(() -> new IllegalArgumentException("unknown format " + a.get(FORMAT)));
        return new Batch(BatchId.parse(a.get(BATCH_ID)), new SourceName(a.get(SOURCE)), format,
                Instant.parse(a.get(RECEIVED_AT)), Integer.parseInt(a.get(RECORDS)), payload);
    }

    private static SqsMessage message(Batch batch, String encoding, String body) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(SOURCE, batch.source().value());
        attributes.put(BATCH_ID, batch.id().toString());
        attributes.put(FORMAT, batch.format().extension());
        attributes.put(RECEIVED_AT, batch.receivedAt().toString());
        attributes.put(RECORDS, Integer.toString(batch.recordCount()));
        attributes.put(ENCODING, encoding);
        return new SqsMessage(body, attributes);
    }

    /** The payload as a string if it is valid UTF-8 of characters SQS allows in a body, else null. */
    private static String sqsText(byte[] payload) {
        if (!Utf8.isWellFormed(payload)) {
            return null;
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        boolean allowed = text.codePoints().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF));
        return allowed ? text : null;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt gzip body", e);
        }
    }
}
