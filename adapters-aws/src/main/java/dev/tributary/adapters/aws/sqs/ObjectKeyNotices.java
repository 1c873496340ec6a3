package dev.tributary.adapters.aws.sqs;

import dev.tributary.adapters.aws.s3.LakeBuckets;
import dev.tributary.domain.lake.ObjectKey;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Lake-object notices whose bodies are exactly S3 event notifications, so on AWS S3 itself publishes to the queue (the
 * staged bucket's ObjectCreated events feed the aggregators) and {@link #encode} is only needed where no bucket
 * notification is configured. Each record's URL-decoded key is parsed as an {@link ObjectKey}.
 */
public final class ObjectKeyNotices implements SqsMessageFormat<ObjectKey> {
    private final LakeBuckets buckets;
    private final Clock clock;

    public ObjectKeyNotices(LakeBuckets buckets, Clock clock) {
        this.buckets = buckets;
        this.clock = clock;
    }

    @Override
    public SqsMessage encode(ObjectKey key) {
        return new SqsMessage(S3EventNotifications.objectCreated(buckets.bucket(key.zone()), key.path(), 0,
                clock.instant()), Map.of());
    }

    @Override
    public List<ObjectKey> decode(SqsMessage message) {
        return S3EventNotifications.createdObjects(message.body()).stream().map(o -> ObjectKey.parse(o.key())).toList();
    }
}
