package dev.tributary.adapters.formats;

import com.github.f4b6a3.uuid.factory.standard.TimeOrderedEpochFactory;
import dev.tributary.application.port.out.BatchIds;
import dev.tributary.domain.batch.BatchId;

import java.time.Clock;

/** UUIDv7 batch ids from uuid-creator: time-ordered, monotonic within the process, random across processes. */
public final class UuidV7BatchIds implements BatchIds {
    private final TimeOrderedEpochFactory factory;

    public UuidV7BatchIds(Clock clock) {
        this.factory = TimeOrderedEpochFactory.builder().withClock(clock).build();
    }

    @Override
    public BatchId next() {
        return new BatchId(factory.create());
    }
}
