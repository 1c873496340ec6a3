package dev.tributary.domain.lake;

import dev.tributary.domain.TestIds;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineageTest {
    private static final BatchId BATCH = TestIds.batchId("2024-03-05T07:08:09.123Z");
    private static final SourceName ORDERS = new SourceName("orders");
    private static final Instant RECEIVED = Instant.parse("2024-03-05T07:08:09.123Z");

    @Test
    void receivedLineageHasOnlyWhatIngestKnows() {
        Lineage lineage = Lineage.received(BATCH, ORDERS, RECEIVED, 12);

        assertThat(lineage.toMetadata()).containsExactly(
                Map.entry("batch-id", BATCH.toString()),
                Map.entry("source", "orders"),
                Map.entry("received-at", "2024-03-05T07:08:09.123Z"),
                Map.entry("raw-records", "12"));
        assertThat(Lineage.fromMetadata(lineage.toMetadata())).isEqualTo(lineage);
    }

    @Test
    void eachStageAddsItsFields() {
        Lineage lineage = Lineage.received(BATCH, ORDERS, RECEIVED, 12)
                .rawWritten(RECEIVED.plusMillis(40))
                .transformed(RECEIVED.plusMillis(90), 10, 2)
                .staged(RECEIVED.plusMillis(150), 3);

        assertThat(lineage.toMetadata()).containsEntry("raw-written-at", "2024-03-05T07:08:09.163Z")
                .containsEntry("transformed-at", "2024-03-05T07:08:09.213Z")
                .containsEntry("clean-records", "10").containsEntry("rejected-records", "2")
                .containsEntry("staged-at", "2024-03-05T07:08:09.273Z")
                .containsEntry("schema-version", "3").hasSize(10);
        assertThat(Lineage.fromMetadata(lineage.toMetadata())).isEqualTo(lineage);
    }

    /** The rules a batch was cleaned with travel on to the staged object, and so to the ledger. */
    @Test
    void theDefinitionVersionTheTransformStampsTravelsThroughStaging() {
        Lineage staged = Lineage.received(BATCH, ORDERS, RECEIVED, 3).rawWritten(RECEIVED.plusMillis(1))
                .transformed(RECEIVED.plusMillis(2), 2, 1, "0123456789ab").staged(RECEIVED.plusMillis(3), 2);

        assertThat(staged.toMetadata()).containsEntry("definition-version", "0123456789ab");
        assertThat(Lineage.fromMetadata(staged.toMetadata())).isEqualTo(staged);
        assertThat(Lineage.fromMetadata(Lineage.received(BATCH, ORDERS, RECEIVED, 3).toMetadata())
                .definitionVersion()).isNull();
    }

    @Test
    void stagesKeepWhatEarlierStagesWrote() {
        Lineage transformed = Lineage.received(BATCH, ORDERS, RECEIVED, 5).rawWritten(RECEIVED).transformed(RECEIVED, 4, 1);

        Lineage staged = transformed.staged(RECEIVED.plusSeconds(1), 2);

        assertThat(staged.cleanRecords()).isEqualTo(4);
        assertThat(staged.rejectedRecords()).isEqualTo(1);
        assertThat(staged.rawWrittenAt()).isEqualTo(RECEIVED);
        assertThat(staged.rawRecords()).isEqualTo(5);
    }

    @Test
    void roundTripsAStageSkippedOnReplay() {
        // a replay from transformed stages without writing raw again
        Lineage lineage = Lineage.received(BATCH, ORDERS, RECEIVED, 5).transformed(RECEIVED, 5, 0).staged(RECEIVED, 1);

        assertThat(Lineage.fromMetadata(lineage.toMetadata())).isEqualTo(lineage);
    }

    @Property
    void metadataRoundTrips(@ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long receivedMs,
                            @ForAll @IntRange(min = 0, max = 999_999) int nanos,
                            @ForAll @IntRange(min = 0, max = 1_000_000) int raw,
                            @ForAll @IntRange(min = 0, max = 1_000_000) int clean,
                            @ForAll @IntRange(min = 0, max = 1_000_000) int rejected,
                            @ForAll @IntRange(min = 1, max = 99) int version,
                            @ForAll @IntRange(min = 0, max = 3) int stagesReached) {
        Instant received = Instant.ofEpochMilli(receivedMs).plusNanos(nanos);
        Lineage lineage = Lineage.received(TestIds.batchId(Instant.ofEpochMilli(receivedMs)), ORDERS, received, raw);
        if (stagesReached >= 1) {
            lineage = lineage.rawWritten(received.plusMillis(1));
        }
        if (stagesReached >= 2) {
            lineage = lineage.transformed(received.plusMillis(2), clean, rejected);
        }
        if (stagesReached >= 3) {
            lineage = lineage.staged(received.plusNanos(3), version);
        }

        assertThat(Lineage.fromMetadata(lineage.toMetadata())).isEqualTo(lineage);
    }

    @Test
    void refusesMetadataWithoutLineage() {
        Map<String, String> m = new HashMap<>(Lineage.received(BATCH, ORDERS, RECEIVED, 1).toMetadata());
        m.remove("source");

        assertThatThrownBy(() -> Lineage.fromMetadata(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks lineage");
        assertThatThrownBy(() -> Lineage.fromMetadata(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMalformedMetadataValues() {
        Map<String, String> m = new HashMap<>(Lineage.received(BATCH, ORDERS, RECEIVED, 1).toMetadata());
        m.put("batch-id", "3f2504e0-4f89-41d3-9a0c-0305e82c3301");

        assertThatThrownBy(() -> Lineage.fromMetadata(m)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ignoresUnknownMetadataKeys() {
        Lineage lineage = Lineage.received(BATCH, ORDERS, RECEIVED, 1);
        Map<String, String> m = new HashMap<>(lineage.toMetadata());
        m.put("content-type", "application/json");

        assertThat(Lineage.fromMetadata(m)).isEqualTo(lineage);
    }

    @Test
    void refusesNullIdentity() {
        assertThatThrownBy(() -> Lineage.received(null, ORDERS, RECEIVED, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Lineage.received(BATCH, null, RECEIVED, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Lineage.received(BATCH, ORDERS, null, 1)).isInstanceOf(NullPointerException.class);
    }
}
