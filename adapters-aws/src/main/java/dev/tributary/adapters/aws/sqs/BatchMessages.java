package dev.tributary.adapters.aws.sqs;

import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.Format;
import dev.tributary.domain.source.SourceName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A batch as SQS messages. What the batch is travels in message attributes ({@code source}, {@code batch-id},
 * {@code part}, {@code format}, {@code received-at}, {@code records}, {@code encoding}); the payload is the body:
 * <ul>
 *   <li>as text when it is valid UTF-8 that SQS accepts, unless gzip+base64 needs fewer 64 KiB billing chunks
 *       (SQS bills every started 64 KiB of body and attributes as one request);</li>
 *   <li>gzip+base64 (or plain base64 if that is smaller) when the bytes are not text SQS accepts;</li>
 *   <li>split into parts {@code i/n} of the gzip+base64 text when one message would exceed the queue's size limit,
 *       so no batch is ever dropped for its size; {@link #decode} joins the parts in order.</li>
 * </ul>
 */
public final class BatchMessages {
    public static final int BILLING_CHUNK = 64 * 1024;
    static final String SOURCE = "source";
    static final String BATCH_ID = "batch-id";
    static final String PART = "part";
    static final String FORMAT = "format";
    static final String RECEIVED_AT = "received-at";
    static final String RECORDS = "records";
    static final String ENCODING = "encoding";
    private static final String TEXT = "text";
    private static final String BASE64 = "base64";
    private static final String GZIP_BASE64 = "gzip+base64";
    /** Room reserved in each message for the attributes' names and the type name SQS counts too. */
    private static final int ATTRIBUTE_OVERHEAD = 128;

    private BatchMessages() {
    }

    /** One SQS message: its body and string attributes. */
    public record Message(String body, Map<String, String> attributes) {
        public Message {
            Objects.requireNonNull(body, "body");
            attributes = Map.copyOf(attributes);
        }

        /** The bytes SQS counts towards size limit and billing: body plus attribute names, types and values. */
        public int size() {
            int size = body.getBytes(StandardCharsets.UTF_8).length;
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                size += a.getKey().length() + "String".length() + a.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
            return size;
        }

        /** Requests SQS bills for this message (every started 64 KiB). */
        public int billingChunks() {
            return Math.max(1, (size() + BILLING_CHUNK - 1) / BILLING_CHUNK);
        }

        public BatchId batchId() {
            return BatchId.parse(attributes.get(BATCH_ID));
        }

        /** 1-based part number and part count, "1/1" for a batch in one message. */
        public int partNumber() {
            return Integer.parseInt(attributes.getOrDefault(PART, "1/1").split("/", 2)[0]);
        }

        public int partCount() {
            return Integer.parseInt(attributes.getOrDefault(PART, "1/1").split("/", 2)[1]);
        }
    }

    /** The messages for one batch: one when it fits {@code maxMessageBytes}, else its parts in order. */
    public static List<Message> encode(Batch batch, int maxMessageBytes) {
        String text = sqsText(batch.payload());
        String gzip = GZIP_BASE64;
        String compressed = Base64.getEncoder().encodeToString(gzip(batch.payload()));
        if (text == null) {
            String plain = Base64.getEncoder().encodeToString(batch.payload());
            if (plain.length() <= compressed.length()) {
                compressed = plain;
                gzip = BASE64;
            }
        } else {
            Message asText = message(batch, TEXT, text, "1/1");
            Message asGzip = message(batch, gzip, compressed, "1/1");
            if (asText.size() <= maxMessageBytes && asText.billingChunks() <= asGzip.billingChunks()) {
                return List.of(asText);
            }
        }
        Message whole = message(batch, gzip, compressed, "1/1");
        if (whole.size() <= maxMessageBytes) {
            return List.of(whole);
        }
        int partBytes = maxMessageBytes - (whole.size() - compressed.length()) - ATTRIBUTE_OVERHEAD;
        if (partBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes + " leaves no room for a body");
        }
        int count = (compressed.length() + partBytes - 1) / partBytes;
        List<Message> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String body = compressed.substring(i * partBytes, Math.min(compressed.length(), (i + 1) * partBytes));
            parts.add(message(batch, gzip, body, (i + 1) + "/" + count));
        }
        return parts;
    }

    /** The batch from all its messages, in any order; refuses an incomplete or mixed set. */
    public static Batch decode(List<Message> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no messages to decode");
        }
        List<Message> parts = messages.stream().sorted(Comparator.comparingInt(Message::partNumber)).toList();
        Map<String, String> a = parts.get(0).attributes();
        int count = parts.get(0).partCount();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            Message part = parts.get(i);
            if (part.partNumber() != i + 1 || part.partCount() != count || !part.batchId().equals(parts.get(0).batchId())) {
                throw new IllegalArgumentException("parts of batch " + parts.get(0).batchId() + " are incomplete or mixed");
            }
            body.append(part.body());
        }
        if (parts.size() != count) {
            throw new IllegalArgumentException("batch " + parts.get(0).batchId() + " has " + parts.size() + " of "
                    + count + " parts");
        }
        byte[] payload = switch (a.getOrDefault(ENCODING, TEXT)) {
            case TEXT -> body.toString().getBytes(StandardCharsets.UTF_8);
            case BASE64 -> Base64.getDecoder().decode(body.toString());
            case GZIP_BASE64 -> gunzip(Base64.getDecoder().decode(body.toString()));
            default -> throw new IllegalArgumentException("unknown encoding " + a.get(ENCODING));
        };
        Format format = Format.fromExtension(a.get(FORMAT))
                .orElseThrow(() -> new IllegalArgumentException("unknown format " + a.get(FORMAT)));
        return new Batch(BatchId.parse(a.get(BATCH_ID)), new SourceName(a.get(SOURCE)), format,
                Instant.parse(a.get(RECEIVED_AT)), Integer.parseInt(a.get(RECORDS)), payload);
    }

    private static Message message(Batch batch, String encoding, String body, String part) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(SOURCE, batch.source().value());
        attributes.put(BATCH_ID, batch.id().toString());
        attributes.put(PART, part);
        attributes.put(FORMAT, batch.format().extension());
        attributes.put(RECEIVED_AT, batch.receivedAt().toString());
        attributes.put(RECORDS, Integer.toString(batch.recordCount()));
        attributes.put(ENCODING, encoding);
        return new Message(body, attributes);
    }

    /** The payload as a string if it is valid UTF-8 of characters SQS allows in a body, else null. */
    private static String sqsText(byte[] payload) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
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
