package dev.tributary.adapters.aws.lambda;

import dev.tributary.adapters.aws.sqs.S3EventNotifications;
import dev.tributary.adapters.aws.sqs.S3PayloadSpool;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;

import java.util.ArrayList;
import java.util.List;

/**
 * The lake objects of one zone that an S3 event notification (an SQS message's body, as S3 sends it to a queue) says
 * were created. Objects of other zones (the quarantine prefix shares the transformed bucket), spooled ingest payloads
 * (in the raw bucket) and S3's test event are left out, so a notification without a prefix filter is harmless. A body
 * that is no notification, or a key that is not a lake path, fails the message by itself: SQS delivers it again and
 * then dead-letters it, never drops it.
 */
final class CreatedObjects {
    private CreatedObjects() {
    }

    static List<ObjectKey> of(String notification, Zone zone) {
        List<ObjectKey> keys = new ArrayList<>();
        for (S3EventNotifications.S3Object object : S3EventNotifications.createdObjects(notification)) {
            if (object.key().startsWith(S3PayloadSpool.PREFIX)) {
                continue;   // a spooled ingest payload in the raw bucket, not a lake object
            }
            ObjectKey key = ObjectKey.parse(object.key());
            if (key.zone() == zone) {
                keys.add(key);
            }
        }
        return keys;
    }
}
