package dev.tributary.adapters.aws.s3;

import dev.tributary.adapters.aws.InJvmS3;
import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.LakeStore.LakeObject;
import dev.tributary.application.port.out.LakeStoreContract;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lake contract on S3Proxy in the JVM: one server for the class, fresh buckets per test. */
class S3LakeStoreIT extends LakeStoreContract {
    private static final AtomicInteger LAKES = new AtomicInteger();
    private static InJvmS3 s3;

    @BeforeAll
    static void startS3() {
        s3 = InJvmS3.start();
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
    void missingBucketIsAPortFailure() {
        LakeStore lake = new S3LakeStore(s3.client(), new LakeBuckets("no-such-raw", "t", "s"));

        assertThatThrownBy(() -> lake.put(TestBatches.rawKey(), new LakeObject(new byte[0], Map.of())))
                .isInstanceOf(PortUnavailableException.class);
    }
}
