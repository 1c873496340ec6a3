package dev.tributary.application.port.out;

import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.LakeStore.LakeObject;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link LakeStore} adapter promises: objects round-trip with metadata, replace by key, list by path, and
 * list a source's newest objects a page at a time.
 */
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
    void aDeletedObjectIsGoneFromGetAndListsAndDeletingItAgainIsNoError() {
        LakeStore lake = newLakeStore();
        ObjectKey kept = TestBatches.rawKey();
        ObjectKey deleted = kept.in(Zone.QUARANTINE);
        lake.put(kept, object("kept", Map.of()));
        lake.put(deleted, object("rejected", Map.of("batch-id", deleted.batch().toString())));

        lake.delete(deleted);
        lake.delete(deleted);

        assertThat(lake.get(deleted)).isEmpty();
        assertThat(lake.list(Zone.QUARANTINE, Optional.empty())).isEmpty();
        assertThat(lake.listNewest(Zone.QUARANTINE, deleted.source(), Optional.empty(), 10)).isEmpty();
        assertThat(lake.get(kept)).isPresent();
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

    @Test
    void listNewestGivesASourcesObjectsNewestBatchFirstAcrossDaysAndHours() {
        LakeStore lake = newLakeStore();
        List<ObjectKey> orders = putSpread(lake, Zone.QUARANTINE, TestBatches.ORDERS);
        putSpread(lake, Zone.QUARANTINE, PAYMENTS);
        putSpread(lake, Zone.TRANSFORMED, TestBatches.ORDERS);

        List<ObjectKey> newest = lake.listNewest(Zone.QUARANTINE, TestBatches.ORDERS, Optional.empty(), 100);

        assertThat(newest).containsExactlyElementsOf(newestFirst(orders));
    }

    @Test
    void listNewestPagesWithTheLastKeyAsCursorWithoutGapsOrRepeats() {
        LakeStore lake = newLakeStore();
        List<ObjectKey> orders = putSpread(lake, Zone.QUARANTINE, TestBatches.ORDERS);
        putSpread(lake, Zone.QUARANTINE, PAYMENTS);

        List<ObjectKey> pages = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Optional<BatchId> cursor = Optional.empty();
        for (int page = 0; page < 10; page++) {
            List<ObjectKey> keys = lake.listNewest(Zone.QUARANTINE, TestBatches.ORDERS, cursor, 3);
            sizes.add(keys.size());
            if (keys.isEmpty()) {
                break;
            }
            pages.addAll(keys);
            cursor = Optional.of(keys.get(keys.size() - 1).batch());
        }

        assertThat(pages).containsExactlyElementsOf(newestFirst(orders));
        assertThat(sizes).containsExactly(3, 3, 1, 0);
    }

    @Test
    void listNewestBeforeABatchNotInTheLakeStartsAtTheNextOlderOne() {
        LakeStore lake = newLakeStore();
        List<ObjectKey> newestFirst = newestFirst(putSpread(lake, Zone.RAW, TestBatches.ORDERS));
        BatchId between = TestBatches.batchIdAt(Instant.parse("2026-03-14T23:30:00Z"));

        List<ObjectKey> older = lake.listNewest(Zone.RAW, TestBatches.ORDERS, Optional.of(between), 2);

        assertThat(older).extracting(ObjectKey::batch).allMatch(b -> b.compareTo(between) < 0);
        assertThat(older).containsExactlyElementsOf(newestFirst.stream()
                .filter(k -> k.batch().compareTo(between) < 0).limit(2).toList());
        assertThat(older).hasSize(2);
    }

    @Test
    void listNewestOfASourceOrZoneWithoutObjectsIsEmpty() {
        LakeStore lake = newLakeStore();
        putSpread(lake, Zone.RAW, TestBatches.ORDERS);

        assertThat(lake.listNewest(Zone.RAW, PAYMENTS, Optional.empty(), 10)).isEmpty();
        assertThat(lake.listNewest(Zone.QUARANTINE, TestBatches.ORDERS, Optional.empty(), 10)).isEmpty();
    }

    /** Seven objects of {@code source} over two days and several hours, three in one hour; returned as put. */
    private static List<ObjectKey> putSpread(LakeStore lake, Zone zone, SourceName source) {
        List<ObjectKey> keys = new ArrayList<>();
        for (String at : List.of("2026-03-14T09:59:59Z", "2026-03-15T00:10:00Z", "2026-03-14T23:00:00Z",
                "2026-03-14T23:59:59.999Z", "2026-03-14T23:00:00Z", "2026-03-13T12:00:00Z", "2026-03-14T23:15:00Z")) {
            ObjectKey key = TestBatches.rawKey(source, Instant.parse(at)).in(zone);
            lake.put(key, object(key.path(), Map.of()));
            keys.add(key);
        }
        return keys;
    }

    private static List<ObjectKey> newestFirst(List<ObjectKey> keys) {
        return keys.stream().sorted(Comparator.comparing(ObjectKey::batch).reversed()).toList();
    }

    private static LakeObject object(String text, Map<String, String> metadata) {
        return new LakeObject(text.getBytes(StandardCharsets.UTF_8), metadata);
    }
}
