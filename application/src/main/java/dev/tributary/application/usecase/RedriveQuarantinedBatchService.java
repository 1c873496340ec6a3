package dev.tributary.application.usecase;

import dev.tributary.application.port.in.RedriveQuarantinedBatch;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.refusal.NothingToRedriveException;
import dev.tributary.application.refusal.QuarantineObjectNotFoundException;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.SourceDefinition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Re-encodes a quarantine object's rejected records in the source's format and publishes them as a derived batch. */
public final class RedriveQuarantinedBatchService implements RedriveQuarantinedBatch {
    private final LakeStore lake;
    private final SourceCatalog sources;
    private final RecordCodec codec;
    private final MessageQueue<Batch> queue;
    private final Clock clock;

    public RedriveQuarantinedBatchService(LakeStore lake, SourceCatalog sources, RecordCodec codec, MessageQueue<Batch> queue,
                                          Clock clock) {
        this.lake = lake;
        this.sources = sources;
        this.codec = codec;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public RedriveReceipt redrive(ObjectKey quarantined) {
        if (quarantined.zone() != Zone.QUARANTINE) {
            throw new QuarantineObjectNotFoundException(quarantined.path());
        }
        SourceDefinition source = sources.require(quarantined.source());
        LakeStore.LakeObject object = lake.get(quarantined)
                .orElseThrow(() -> new QuarantineObjectNotFoundException(quarantined.path()));
        List<RawRecord> records = new ArrayList<>();
        int duplicates = 0;
        for (CleaningOutcome.Rejected rejected : codec.decodeRejected(object.bytes())) {
            // A whole-record rejection is a duplicate: its first copy was counted, so redriving it would count twice.
            if (rejected.field() == null) {
                duplicates++;
            } else {
                records.add(new RawRecord(new RecordPosition(records.size()), rejected.record().values()));
            }
        }
        if (records.isEmpty()) {
            throw new NothingToRedriveException(quarantined.path());
        }
        BatchId id = derivedId(quarantined, source);
        // Invariant 2: the same quarantine object under the same rules always yields this id, so the ledger counts it once.
        queue.publish(new Batch(id, source.name(), source.format(), clock.instant(), records.size(),
                codec.encodeRaw(source.format(), records)));
        return new RedriveReceipt(id, source.name(), records.size(), duplicates);
    }

    /**
     * A UUIDv7 with the quarantined batch's own timestamp (so it lands in the same lake partition) and 74 bits of
     * SHA-256 over the quarantine path and the source's field rules (so a rule fix makes a new batch).
     */
    static BatchId derivedId(ObjectKey quarantined, SourceDefinition source) {
        ByteBuffer hash = ByteBuffer.wrap(sha256("redrive\n" + quarantined.path() + "\n" + source.fields()));
        long millis = quarantined.batch().timestamp().toEpochMilli();
        long high = (millis << 16) | 0x7000L | (hash.getShort() & 0x0FFFL);
        long low = (hash.getLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new BatchId(new UUID(high, low));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
