package dev.tributary.application.usecase;

import dev.tributary.application.port.in.RedriveQuarantinedBatch.RedriveReceipt;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.refusal.NothingToRedriveException;
import dev.tributary.application.refusal.QuarantineObjectNotFoundException;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectFormat;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.rules.CleaningOutcome.Rejected;
import dev.tributary.domain.source.CleaningRule;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class RedriveQuarantinedBatchServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final BatchId ORIGINAL = new BatchId(UUID.fromString("019ab5f2-7d3e-7cc3-8a3b-6f2d2c1e0f11"));
    private static final SourceName CLICKS = new SourceName("clicks");
    private static final ObjectKey QUARANTINED = new ObjectKey(Zone.QUARANTINE, CLICKS, ORIGINAL, ObjectFormat.NDJSON);
    private static final Rejected BAD_DURATION = new Rejected(new RecordPosition(3), "seconds", "above maximum 60",
            new RawRecord(new RecordPosition(3), Map.of("page", "/home", "seconds", "90", "at", "2026-11-24T10:00:00Z")));
    private static final Rejected DUPLICATE = new Rejected(new RecordPosition(4), null, "duplicate of record 1",
            new RawRecord(new RecordPosition(4), Map.of("page", "/home", "seconds", "5", "at", "2026-11-24T10:00:00Z")));

    private final LakeStore lake = mock(LakeStore.class);
    private final RecordCodec codec = mock(RecordCodec.class);
    @SuppressWarnings("unchecked")
    private final MessageQueue<Batch> queue = mock(MessageQueue.class);

    private RedriveQuarantinedBatchService service(int maxSeconds) {
        SourceDefinition clicks = new SourceDefinition(CLICKS, "Clicks", "", InputFormat.NDJSON, List.of(
                FieldSpec.of("page", FieldType.STRING, true),
                FieldSpec.of("seconds", FieldType.INTEGER, true,
                        new CleaningRule.Range(BigDecimal.ZERO, BigDecimal.valueOf(maxSeconds))),
                FieldSpec.of("at", FieldType.TIMESTAMP, true)), "at", List.of("page"), 1, List.of());
        SourceCatalog catalog = new SourceCatalog() {
            @Override
            public List<SourceDefinition> all() {
                return List.of(clicks);
            }

            @Override
            public Optional<SourceDefinition> find(SourceName name) {
                return name.equals(CLICKS) ? Optional.of(clicks) : Optional.empty();
            }
        };
        return new RedriveQuarantinedBatchService(lake, catalog, codec, queue, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void quarantineHolds(Rejected... rejected) {
        when(lake.get(QUARANTINED)).thenReturn(Optional.of(new LakeStore.LakeObject(new byte[]{1}, Map.of())));
        when(codec.decodeRejected(any())).thenReturn(List.of(rejected));
        when(codec.encodeRaw(eq(InputFormat.NDJSON), anyList())).thenReturn(new byte[]{2});
    }

    @Test
    void publishesTheRejectedRecordsAsADerivedBatchInTheOriginalsPartition() {
        quarantineHolds(BAD_DURATION, DUPLICATE);

        RedriveReceipt receipt = service(120).redrive(QUARANTINED);

        ArgumentCaptor<Batch> published = ArgumentCaptor.forClass(Batch.class);
        verify(queue).publish(published.capture());
        assertThat(published.getValue().id()).isEqualTo(receipt.batchId()).isNotEqualTo(ORIGINAL);
        assertThat(receipt.batchId().timestamp()).isEqualTo(ORIGINAL.timestamp());
        assertThat(published.getValue().receivedAt()).isEqualTo(NOW);
        assertThat(published.getValue().recordCount()).isEqualTo(1);
        assertThat(receipt.records()).isEqualTo(1);
        assertThat(receipt.skippedDuplicates()).isEqualTo(1);
        verify(codec).encodeRaw(InputFormat.NDJSON, List.of(new RawRecord(new RecordPosition(0), BAD_DURATION.record().values())));
    }

    @Test
    void redrivingTwiceUnderTheSameRulesGivesTheSameBatchIdSoTheLedgerCountsItOnce() {
        quarantineHolds(BAD_DURATION);

        BatchId first = service(120).redrive(QUARANTINED).batchId();
        BatchId again = service(120).redrive(QUARANTINED).batchId();

        assertThat(again).isEqualTo(first);
        verify(queue, times(2)).publish(any());
    }

    @Test
    void aRuleFixMakesANewBatchSoARedriveBeforeTheFixDoesNotSwallowTheOneAfter() {
        quarantineHolds(BAD_DURATION);

        BatchId beforeFix = service(60).redrive(QUARANTINED).batchId();
        BatchId afterFix = service(120).redrive(QUARANTINED).batchId();

        assertThat(afterFix).isNotEqualTo(beforeFix);
    }

    @Test
    void refusesAQuarantineOfOnlyDuplicates() {
        quarantineHolds(DUPLICATE);

        assertThatThrownBy(() -> service(120).redrive(QUARANTINED)).isInstanceOf(NothingToRedriveException.class);
        verify(queue, never()).publish(any());
    }

    @Test
    void refusesAMissingObjectOrOneOutsideTheQuarantine() {
        when(lake.get(any())).thenReturn(Optional.empty());

        assertThatThrownBy(() -> service(120).redrive(QUARANTINED))
                .isInstanceOf(QuarantineObjectNotFoundException.class);
        assertThatThrownBy(() -> service(120).redrive(QUARANTINED.in(Zone.TRANSFORMED)))
                .isInstanceOf(QuarantineObjectNotFoundException.class);
    }
}
