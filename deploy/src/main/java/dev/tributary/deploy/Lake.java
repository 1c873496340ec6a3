package dev.tributary.deploy;

import dev.tributary.domain.lake.Zone;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.IBucketNotificationDestination;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

import java.util.List;

/**
 * The lake's buckets: raw (versioned: the bytes as received are the replay source, invariant 6), transformed (with
 * the {@code quarantine/} prefix) and staged; plus the server access log bucket and the Athena results bucket. Every
 * bucket is S3-encrypted, blocks public access, refuses plain HTTP and is kept when the stack is destroyed.
 * Keys are {@link dev.tributary.domain.lake.ObjectKey#path()}, zone prefix included, so notification filters are
 * the zone prefixes.
 */
final class Lake extends Construct {
    /** Where ingest parks batches too large for an SQS message (adapters-aws S3PayloadSpool.PREFIX). */
    static final String SPOOL_PREFIX = "spool/";

    final Bucket accessLogs;
    final Bucket raw;
    final Bucket transformed;
    final Bucket staged;
    final Bucket athenaResults;

    Lake(Construct scope, String id) {
        super(scope, id);
        accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true).removalPolicy(RemovalPolicy.RETAIN)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs")
                        .expiration(Duration.days(90)).build()))
                .build();
        raw = bucket("Raw", Zone.RAW, true, List.of(
                LifecycleRule.builder().id("raw-to-infrequent-access").prefix(prefix(Zone.RAW))
                        .transitions(List.of(Transition.builder().storageClass(StorageClass.INFREQUENT_ACCESS)
                                .transitionAfter(Duration.days(30)).build()))
                        .noncurrentVersionExpiration(Duration.days(30)).build(),
                // SQS keeps a message at most 14 days: a spooled batch is useless after that
                LifecycleRule.builder().id("expire-spool").prefix(SPOOL_PREFIX).expiration(Duration.days(14))
                        .noncurrentVersionExpiration(Duration.days(1)).build()));
        transformed = bucket("Transformed", Zone.TRANSFORMED, false, List.of());
        staged = bucket("Staged", Zone.STAGED, false, List.of());
        athenaResults = bucket("AthenaResults", null, false, List.of(LifecycleRule.builder()
                .id("expire-query-results").expiration(Duration.days(30)).build()));
    }

    private Bucket bucket(String id, Zone zone, boolean versioned, List<LifecycleRule> lifecycle) {
        return Bucket.Builder.create(this, id)
                .encryption(BucketEncryption.S3_MANAGED).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true).versioned(versioned).removalPolicy(RemovalPolicy.RETAIN)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix((zone == null ? id.toLowerCase(java.util.Locale.ROOT) : zone.prefix()) + "/")
                .lifecycleRules(lifecycle)
                .build();
    }

    /** {@code <zone>/}: the first segment of every key of the zone. */
    static String prefix(Zone zone) {
        return zone.prefix() + "/";
    }

    /**
     * The three hops S3 drives, each to the queue of the next step: raw {@code raw/} → raw-notice queue (transformation),
     * transformed {@code transformed/} → transformed-notice queue (staging; not {@code quarantine/}, which shares the
     * bucket), staged {@code staged/} → staged-notice queue (aggregators). Raw's {@code spool/} objects are no batches
     * and match no filter.
     */
    void notify(IBucketNotificationDestination rawNotices, IBucketNotificationDestination transformedNotices,
                IBucketNotificationDestination stagedNotices) {
        raw.addEventNotification(EventType.OBJECT_CREATED, rawNotices, filter(Zone.RAW));
        transformed.addEventNotification(EventType.OBJECT_CREATED, transformedNotices, filter(Zone.TRANSFORMED));
        staged.addEventNotification(EventType.OBJECT_CREATED, stagedNotices, filter(Zone.STAGED));
    }

    private static NotificationKeyFilter filter(Zone zone) {
        return NotificationKeyFilter.builder().prefix(prefix(zone)).build();
    }
}
