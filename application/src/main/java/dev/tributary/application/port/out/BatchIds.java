package dev.tributary.application.port.out;

import dev.tributary.domain.batch.BatchId;

/** Hands out new, time-ordered batch ids (UUIDv7), unique across processes and monotonic within one. */
public interface BatchIds {
    BatchId next();
}
