package dev.tributary.adapters.aws;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Counts the requests AWS bills, per service and operation, as an SDK interceptor on the clients under test: SQS
 * bills every started 64 KiB of a send's or a receive's payload as one request (a batch call counts its entries'
 * sizes together); S3 bills per request (PUT, GET, LIST). Optionally reports each successful PutObject, which is
 * what an S3 event notification would announce.
 */
public final class BillableRequests implements ExecutionInterceptor {
    private static final int CHUNK = 64 * 1024;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, String> onPut = (bucket, key) -> { };

    public void onPut(BiConsumer<String, String> listener) {
        this.onPut = listener;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        SdkRequest request = context.request();
        long billed = 1;
        if (request instanceof SendMessageBatchRequest batch) {
            long bytes = batch.entries().stream()
                    .mapToLong(e -> size(e.messageBody()) + attributeBytes(e.messageAttributes())).sum();
            billed = chunks(bytes);
        } else if (request instanceof SendMessageRequest send) {
            billed = chunks(size(send.messageBody()) + attributeBytes(send.messageAttributes()));
        } else if (context.response() instanceof ReceiveMessageResponse received) {
            billed = chunks(received.messages().stream()
                    .mapToLong(m -> size(m.body()) + attributeBytes(m.messageAttributes())).sum());
        }
        counts.computeIfAbsent(service + "." + operation, k -> new AtomicLong()).addAndGet(billed);
        if (request instanceof PutObjectRequest put) {
            onPut.accept(put.bucket(), put.key());
        }
    }

    /** Billed requests per "Service.Operation", sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public long total(String service) {
        return snapshot().entrySet().stream().filter(e -> e.getKey().startsWith(service + "."))
                .mapToLong(Map.Entry::getValue).sum();
    }

    public void reset() {
        counts.clear();
    }

    private static long chunks(long bytes) {
        return Math.max(1, (bytes + CHUNK - 1) / CHUNK);
    }

    private static long size(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long attributeBytes(Map<String, MessageAttributeValue> attributes) {
        long n = 0;
        for (Map.Entry<String, MessageAttributeValue> a : attributes.entrySet()) {
            n += a.getKey().length() + size(a.getValue().dataType()) + size(a.getValue().stringValue());
        }
        return n;
    }
}
