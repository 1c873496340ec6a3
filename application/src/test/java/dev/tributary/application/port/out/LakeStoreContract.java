package dev.tributary.application.port.out;

import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.LakeStore.LakeObject;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link LakeStore} adapter promises: objects round-trip with metadata, replace by key, list by path. */
public abstract class LakeStoreContract {
    private static final SourceName PAYMENTS = new SourceName("payments");

    /** A new, empty lake. */
    protected abstract LakeStore newLakeStore();

    @Test
    void putObjectIsReadBackWithItsBytesAndMetadata() {
        LakeStore lake = newLakeStore();
        ObjectKey key = TestBatches.rawKey();
        LakeObject object = object("{\"order_id\":\"o-1\"}\n",
                Map.of("batch-id", key.batch().toString(), "source", "orders", "received-at", "2026-03-14T15:09:26Z"));

        lake.put(key, object);

        assertThat(lake.get(key)).contains(object);
    }

    @Test
    void emptyObjectWithoutMetadataRoundTrips() {
        LakeStore lake = newLakeStore();
        ObjectKey key = TestBatches.rawKey();
        LakeObject empty = new LakeObject(new byte[0], Map.of());

        lake.put(key, empty);

        assertThat(lake.get(key)).contains(empty);
    }

    @Test
    void putReplacesObjectWithSameKey() {
        LakeStore lake = newLakeStore();
        ObjectKey key = TestBatches.rawKey();
        lake.put(key, object("first", Map.of("version", "1", "stale", "yes")));

        lake.put(key, object("second", Map.of("version", "2")));

        assertThat(lake.get(key)).contains(object("second", Map.of("version", "2")));
        assertThat(lake.list(Zone.RAW, Optional.empty())).containsExactly(key);
    }

    @Test
    void getOfMissingKeyIsEmpty() {
        LakeStore lake = newLakeStore();

        assertThat(lake.get(TestBatches.rawKey())).isEmpty();
    }

    @Test
    void listReturnsEveryObjectOfTheZoneOrderedByPath() {
        LakeStore lake = newLakeStore();
        ObjectKey ordersLater = TestBatches.rawKey(TestBatches.ORDERS, Instant.parse("2026-03-15T01:00:00Z"));
        ObjectKey ordersEarlier = TestBatches.rawKey(TestBatches.ORDERS, Instant.parse("2026-03-14T23:59:00Z"));
        ObjectKey payments = TestBatches.rawKey(PAYMENTS, Instant.parse("2026-03-14T10:00:00Z"));
        ObjectKey transformed = ordersEarlier.in(Zone.TRANSFORMED);
        for (ObjectKey key : List.of(ordersLater, payments, transformed, ordersEarlier)) {
            lake.put(key, object(key.path(), Map.of()));
        }

        List<ObjectKey> raw = lake.list(Zone.RAW, Optional.empty());

        assertThat(raw).containsExactly(ordersEarlier, ordersLater, payments)
                .isSortedAccordingTo(Comparator.comparing(ObjectKey::path));
        assertThat(lake.list(Zone.TRANSFORMED, Optional.empty())).containsExactly(transformed);
    }

    @Test
    void listOfOneSourceLeavesOtherSourcesOut() {
        LakeStore lake = newLakeStore();
        ObjectKey orders = TestBatches.rawKey();
        ObjectKey payments = TestBatches.rawKey(PAYMENTS, TestBatches.AT);
        lake.put(orders, object("o", Map.of()));
        lake.put(payments, object("p", Map.of()));

        assertThat(lake.list(Zone.RAW, Optional.of(PAYMENTS))).containsExactly(payments);
        assertThat(lake.list(Zone.RAW, Optional.of(new SourceName("nobody")))).isEmpty();
    }

    @Test
    void listOfEmptyZoneIsEmpty() {
        LakeStore lake = newLakeStore();

        assertThat(lake.list(Zone.STAGED, Optional.empty())).isEmpty();
    }

    private static LakeObject object(String text, Map<String, String> metadata) {
        return new LakeObject(text.getBytes(StandardCharsets.UTF_8), metadata);
    }
}
