package dev.tributary.application.usecase;

import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a batch's bytes as received into the raw zone under its batch id. */
public final class WriteRawBatchService implements WriteRawBatch {
    public static final String CONTENT_TYPE = "content-type";

    private final LakeStore lake;
    private final Clock clock;

    public WriteRawBatchService(LakeStore lake, Clock clock) {
        this.lake = lake;
        this.clock = clock;
    }

    @Override
    public ObjectKey write(Batch batch) {
        ObjectKey key = ObjectKey.raw(batch.source(), batch.id(), batch.format());
        Lineage lineage = Lineage.received(batch.id(), batch.source(), batch.receivedAt(), batch.recordCount())
                .rawWritten(clock.instant());
        Map<String, String> metadata = new LinkedHashMap<>(lineage.toMetadata());
        metadata.put(CONTENT_TYPE, batch.format().contentType());
        // Invariant 2: the key comes from the batch id alone, so a redelivered batch rewrites the same object.
        lake.put(key, new LakeStore.LakeObject(batch.payload(), metadata));
        return key;
    }
}
