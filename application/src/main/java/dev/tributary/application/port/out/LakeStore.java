package dev.tributary.application.port.out;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The lake: raw, transformed, staged and quarantine zones, laid out by {@link ObjectKey#path()}. A put is atomic
 * and durable when it returns (readers see the old object or the whole new one, never a part) and replaces an
 * existing object with the same key, which is what makes redelivery harmless. Where the deployment notifies the
 * next stage of new objects (S3 event notifications; the local trigger), that notice is durable once put returns.
 */
public interface LakeStore {

    void put(ObjectKey key, LakeObject object);

    Optional<LakeObject> get(ObjectKey key);

    /**
     * Removes the object, if there is one; durable when it returns, and no next stage is notified. Only a replay
     * deletes: a batch that has no rejected record under the new rules must not keep its old quarantine entry, or
     * sending that entry again would count its records twice.
     */
    void delete(ObjectKey key);

    /** Every object of a zone (and source, when given), ordered by path. */
    List<ObjectKey> list(Zone zone, Optional<SourceName> source);

    /**
     * One page of a source's objects in a zone, newest batch first: at most {@code limit}, and only batches older than
     * {@code before} when it is given (it need not be in the lake), so the last key of a page is the cursor of the
     * next. A source's objects sort by path in batch-id order (the partitions come from the batch id), so an adapter
     * reads its listing from the newest partition back and stops when the page is full: older partitions are never
     * listed for the newest pages.
     */
    List<ObjectKey> listNewest(Zone zone, SourceName source, Optional<BatchId> before, int limit);

    /** An object's bytes and its metadata (lineage, content type). */
    record LakeObject(byte[] bytes, Map<String, String> metadata) {
        public LakeObject {
            Objects.requireNonNull(bytes, "bytes");
            metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LakeObject l && Arrays.equals(bytes, l.bytes) && metadata.equals(l.metadata);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(bytes) + metadata.hashCode();
        }

        @Override
        public String toString() {
            return "LakeObject[" + bytes.length + " bytes, " + metadata + "]";
        }
    }
}
