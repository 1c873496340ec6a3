package dev.tributary.application.port.in;

import dev.tributary.domain.lake.ObjectKey;

import java.util.Objects;

/** Cleans and types one raw object; rejected records go to quarantine with a reason, none are dropped. */
public interface TransformRawObject {

    TransformReport transform(ObjectKey rawObject);

    record TransformReport(ObjectKey transformed, int clean, int rejected) {
        public TransformReport {
            Objects.requireNonNull(transformed, "transformed");
        }
    }
}
