package dev.tributary.adapters.aws.sqs;

import dev.tributary.domain.batch.BatchId;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A spool in memory for unit tests: locations are {@code mem://<batchId>}; {@link #lose} makes one unreadable. */
public final class InMemorySpool implements BatchMessages.Spool {
    private final Map<String, byte[]> payloads = new ConcurrentHashMap<>();

    @Override
    public String put(BatchId batch, byte[] gzip) {
        payloads.put("mem://" + batch, gzip);
        return "mem://" + batch;
    }

    @Override
    public byte[] get(String location) {
        return Optional.ofNullable(payloads.get(location)).orElseThrow(
                () -> new IllegalStateException("nothing spooled at " + location));
    }

    public boolean isEmpty() {
        return payloads.isEmpty();
    }

    public void lose(String location) {
        payloads.remove(location);
    }
}
