package dev.tributary.adapters.aws.s3;

import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;

import java.util.Objects;

/**
 * Which bucket holds each zone: raw, transformed and staged each have their own; quarantine is the
 * {@code quarantine/} prefix in a configurable bucket (the transformed one by default). The S3 key is always
 * {@link ObjectKey#path()}, zone prefix included, so the lake layout stays written in one place, any S3 event's key
 * parses back into an {@link ObjectKey}, and zones may share a bucket without clashing.
 */
public record LakeBuckets(String raw, String transformed, String staged, String quarantine) {
    public LakeBuckets {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(transformed, "transformed");
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(quarantine, "quarantine");
    }

    public LakeBuckets(String raw, String transformed, String staged) {
        this(raw, transformed, staged, transformed);
    }

    public String bucket(Zone zone) {
        return switch (zone) {
            case RAW -> raw;
            case TRANSFORMED -> transformed;
            case STAGED -> staged;
            case QUARANTINE -> quarantine;
        };
    }
}
