package dev.tributary.application.port.in;

import dev.tributary.domain.lake.ObjectKey;

import java.util.Objects;

/** Lays one transformed object out as schema-versioned Parquet in the staged zone. */
public interface StageTransformedObject {

    StageReport stage(ObjectKey transformedObject);

    record StageReport(ObjectKey staged, int records, int schemaVersion) {
        public StageReport {
            Objects.requireNonNull(staged, "staged");
        }
    }
}
