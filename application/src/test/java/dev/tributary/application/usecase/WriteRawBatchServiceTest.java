package dev.tributary.application.usecase;

import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.LakeStore.LakeObject;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class WriteRawBatchServiceTest {
    private static final Instant WRITTEN_AT = Instant.parse("2026-03-14T15:10:00Z");

    private final FakeLake lake = new FakeLake();
    private final WriteRawBatchService service = new WriteRawBatchService(lake, Clock.fixed(WRITTEN_AT, ZoneOffset.UTC));

    @Test
    void writesTheBytesAsReceivedUnderTheBatchIdsRawKey() {
        Batch batch = TestBatches.orders(3);

        ObjectKey key = service.write(batch);

        assertThat(key).isEqualTo(ObjectKey.raw(batch.source(), batch.id(), batch.format()));
        assertThat(key.zone()).isEqualTo(Zone.RAW);
        assertThat(lake.get(key)).map(LakeObject::bytes).hasValue(batch.payload());
    }

    @Test
    void startsTheLineageWithReceiptCountAndWriteTime() {
        Batch batch = TestBatches.orders(3);

        LakeObject written = lake.get(service.write(batch)).orElseThrow();
        Lineage lineage = Lineage.fromMetadata(written.metadata());

        assertThat(lineage.batch()).isEqualTo(batch.id());
        assertThat(lineage.source()).isEqualTo(batch.source());
        assertThat(lineage.receivedAt()).isEqualTo(batch.receivedAt());
        assertThat(lineage.rawRecords()).isEqualTo(3);
        assertThat(lineage.rawWrittenAt()).isEqualTo(WRITTEN_AT);
        assertThat(written.metadata()).containsEntry(WriteRawBatchService.CONTENT_TYPE, batch.format().contentType());
    }

    @Test
    void aRedeliveredBatchRewritesTheSameObject() {
        Batch batch = TestBatches.orders(2);

        ObjectKey first = service.write(batch);
        ObjectKey again = service.write(batch);

        assertThat(again).isEqualTo(first);
        assertThat(lake.list(Zone.RAW, java.util.Optional.empty())).containsExactly(first);
    }
}
