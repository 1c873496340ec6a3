package dev.tributary.adapters.aws.s3;

import dev.tributary.adapters.aws.BillableRequests;
import dev.tributary.adapters.aws.InJvmS3;
import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.LakeStore.LakeObject;
import dev.tributary.application.port.out.LakeStoreContract;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lake contract on S3Proxy in the JVM: one server for the class, fresh buckets per test. */
class S3LakeStoreIT extends LakeStoreContract {
    private static final AtomicInteger LAKES = new AtomicInteger();
    private static final BillableRequests REQUESTS = new BillableRequests();
    private static InJvmS3 s3;

    @BeforeAll
    static void startS3() {
        s3 = InJvmS3.start(ClientOverrideConfiguration.builder().addExecutionInterceptor(REQUESTS).build());
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Override
    protected LakeStore newLakeStore() {
        return new S3LakeStore(s3.client(), freshBuckets());
    }

    private static LakeBuckets freshBuckets() {
        int n = LAKES.incrementAndGet();
        LakeBuckets buckets = new LakeBuckets("raw-" + n, "transformed-" + n, "staged-" + n);
        s3.createBuckets(buckets.raw(), buckets.transformed(), buckets.staged());
        return buckets;
    }

    @Test
    void eachZoneIsItsOwnBucketKeyedByThePathAndQuarantineIsAPrefix() {
        LakeBuckets buckets = freshBuckets();
        LakeStore lake = new S3LakeStore(s3.client(), buckets);
        ObjectKey raw = TestBatches.rawKey();
        ObjectKey quarantine = raw.in(Zone.QUARANTINE);

        lake.put(raw, new LakeObject(new byte[]{1}, Map.of("batch-id", raw.batch().toString())));
        lake.put(quarantine, new LakeObject(new byte[]{2}, Map.of()));

        assertThat(s3.client().headObject(b -> b.bucket(buckets.raw()).key(raw.path())).metadata())
                .containsEntry("batch-id", raw.batch().toString());
        assertThat(s3.client().headObject(b -> b.bucket(buckets.transformed()).key(quarantine.path())).contentLength())
                .isEqualTo(1);
        assertThat(lake.list(Zone.TRANSFORMED, Optional.empty())).isEmpty();
        assertThat(lake.list(Zone.QUARANTINE, Optional.empty())).containsExactly(quarantine);
    }

    @Test
    void listPagesThroughEveryPage() {
        LakeStore lake = new S3LakeStore(s3.client(), freshBuckets(), 2);
        for (int i = 0; i < 5; i++) {
            lake.put(TestBatches.rawKey(), new LakeObject(new byte[0], Map.of()));
        }

        assertThat(lake.list(Zone.RAW, Optional.empty())).hasSize(5);
    }

    @Test
    void listNewestPagesThroughTruncatedListingsAtEveryLevel() {
        LakeStore lake = new S3LakeStore(s3.client(), freshBuckets(), 2);
        List<ObjectKey> keys = putOverDays(lake, 3, 3);

        List<ObjectKey> all = new ArrayList<>();
        Optional<BatchId> cursor = Optional.empty();
        for (List<ObjectKey> page = lake.listNewest(Zone.RAW, TestBatches.ORDERS, cursor, 4); !page.isEmpty();
             page = lake.listNewest(Zone.RAW, TestBatches.ORDERS, cursor, 4)) {
            all.addAll(page);
            cursor = Optional.of(page.get(page.size() - 1).batch());
        }

        assertThat(all).containsExactlyElementsOf(keys.stream()
                .sorted(Comparator.comparing(ObjectKey::batch).reversed()).toList());
    }

    @Test
    void theNewestPageListsOnlyTheNewestDayAndHourHoweverManyDaysThereAre() {
        LakeStore lake = new S3LakeStore(s3.client(), freshBuckets());
        List<ObjectKey> keys = putOverDays(lake, 6, 2);
        long listsBefore = lists();

        List<ObjectKey> newest = lake.listNewest(Zone.RAW, TestBatches.ORDERS, Optional.empty(), 2);

        assertThat(newest).containsExactly(keys.get(keys.size() - 1), keys.get(keys.size() - 2));
        assertThat(lists() - listsBefore).as("days of the source, hours of the newest day, its newest hour")
                .isEqualTo(3);
    }

    /** {@code perHour} objects in hours 10 and 11 of {@code days} consecutive days, oldest first. */
    private static List<ObjectKey> putOverDays(LakeStore lake, int days, int perHour) {
        List<ObjectKey> keys = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            for (int hour = 10; hour <= 11; hour++) {
                for (int n = 0; n < perHour; n++) {
                    Instant at = Instant.parse("2026-03-01T00:00:00Z").plus(Duration.ofDays(day).plusHours(hour)
                            .plusMinutes(n));
                    ObjectKey key = TestBatches.rawKey(TestBatches.ORDERS, at);
                    lake.put(key, new LakeObject(new byte[0], Map.of()));
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    private static long lists() {
        return REQUESTS.snapshot().getOrDefault("S3.ListObjectsV2", 0L);
    }

    @Test
    void missingBucketIsAPortFailure() {
        LakeStore lake = new S3LakeStore(s3.client(), new LakeBuckets("no-such-raw", "t", "s"));

        assertThatThrownBy(() -> lake.put(TestBatches.rawKey(), new LakeObject(new byte[0], Map.of())))
                .isInstanceOf(PortUnavailableException.class);
    }
}
