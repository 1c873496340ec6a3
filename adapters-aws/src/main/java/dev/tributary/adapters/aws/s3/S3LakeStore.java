package dev.tributary.adapters.aws.s3;

import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectFormat;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The lake on S3: one bucket per zone (see {@link LakeBuckets}), key = {@link ObjectKey#path()}. A PUT is atomic and
 * durable when it returns and replaces the object with the same key (S3's strong read-after-write consistency);
 * the object's metadata (lineage, content type) travels as user metadata ({@code x-amz-meta-*}; S3 lower-cases the
 * names, and every name Tributary writes is lower-case already). Where the bucket sends ObjectCreated notifications,
 * S3 queues them durably once the PUT returned. List pages through ListObjectsV2 and skips keys that are not lake
 * paths; listNewest walks the partitions as folders from the newest. SDK failures become
 * {@link PortUnavailableException}.
 */
public final class S3LakeStore implements LakeStore {
    private static final String PORT = "lake";
    private final S3Client s3;
    /** ListObjectsV2's own maximum page size. */
    private static final int MAX_PAGE = 1000;
    private final LakeBuckets buckets;
    private final int listPageSize;

    public S3LakeStore(S3Client s3, LakeBuckets buckets) {
        this(s3, buckets, MAX_PAGE);
    }

    S3LakeStore(S3Client s3, LakeBuckets buckets, int listPageSize) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.buckets = Objects.requireNonNull(buckets, "buckets");
        this.listPageSize = listPageSize;
    }

    @Override
    public void put(ObjectKey key, LakeObject object) {
        call(() -> s3.putObject(b -> b.bucket(buckets.bucket(key.zone())).key(key.path())
                        .contentType(object.metadata().getOrDefault("content-type", key.format().contentType()))
                        .metadata(object.metadata()),
                RequestBody.fromBytes(object.bytes())));
    }

    /** S3 answers a delete of a missing key with success too. */
    @Override
    public void delete(ObjectKey key) {
        call(() -> s3.deleteObject(b -> b.bucket(buckets.bucket(key.zone())).key(key.path())));
    }

    @Override
    public Optional<LakeObject> get(ObjectKey key) {
        try {
            ResponseBytes<GetObjectResponse> object = call(() -> s3.getObjectAsBytes(
                    b -> b.bucket(buckets.bucket(key.zone())).key(key.path())));
            return Optional.of(new LakeObject(object.asByteArray(), object.response().metadata()));
        } catch (PortUnavailableException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<ObjectKey> list(Zone zone, Optional<SourceName> source) {
        String prefix = zone.prefix() + "/" + source.map(s -> "source=" + s.value() + "/").orElse("");
        List<ObjectKey> keys = new ArrayList<>();
        call(() -> {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(buckets.bucket(zone)).prefix(prefix).maxKeys(listPageSize)).contents()) {
                parse(o.key()).ifPresent(keys::add);
            }
            return keys;
        });
        keys.sort(Comparator.comparing(ObjectKey::path));
        return keys;
    }

    /**
     * Walks the source's prefix as folders ({@code /}-delimited listings) newest first: each level's common prefixes
     * and keys in reverse order (partitions and batch ids sort by time), skipping prefixes that hold only batches at
     * or after {@code before}, until the page is full. The newest page costs one LIST per level (days, hours, objects
     * of the hour) instead of a LIST per 1,000 objects of the whole source.
     */
    @Override
    public List<ObjectKey> listNewest(Zone zone, SourceName source, Optional<BatchId> before, int limit) {
        ObjectFormat format = zone.fixedFormat().orElse(ObjectFormat.JSON);
        String bound = before.map(b -> new ObjectKey(zone, source, b, format).path()).orElse(null);
        List<ObjectKey> page = new ArrayList<>();
        call(() -> {
            walkNewest(buckets.bucket(zone), zone.prefix() + "/source=" + source.value() + "/", bound, before, limit,
                    page);
            return page;
        });
        return page;
    }

    private void walkNewest(String bucket, String prefix, String bound, Optional<BatchId> before, int limit,
                            List<ObjectKey> page) {
        List<String> entries = new ArrayList<>();
        for (ListObjectsV2Response listed : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)
                .delimiter("/").maxKeys(listPageSize))) {
            listed.commonPrefixes().forEach(p -> entries.add(p.prefix()));
            listed.contents().forEach(o -> entries.add(o.key()));
        }
        entries.sort(Comparator.reverseOrder());
        for (String entry : entries) {
            if (page.size() >= limit) {
                return;
            }
            if (entry.endsWith("/")) {
                // Every key under a prefix starts with it: one sorting after the bound, not on its way, holds only later ones.
                if (bound == null || entry.compareTo(bound) < 0 || bound.startsWith(entry)) {
                    walkNewest(bucket, entry, bound, before, limit, page);
                }
            } else {
                parse(entry).filter(k -> before.map(b -> k.batch().compareTo(b) < 0).orElse(true)).ifPresent(page::add);
            }
        }
    }

    private static Optional<ObjectKey> parse(String key) {
        try {
            return Optional.of(ObjectKey.parse(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();   // not written by the lake (a folder marker, a stray upload)
        }
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new PortUnavailableException(PORT, "S3", e.getMessage(), e);
        }
    }
}
