package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.tributary.adapters.aws.sqs.S3PayloadSpool;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;

import java.util.ArrayList;
import java.util.List;

/**
 * The lake objects of one zone that an S3 event says were created. Keys are URL-decoded as S3 encodes them; objects
 * of other zones (the quarantine prefix shares the transformed bucket) and spooled ingest payloads (in the raw
 * bucket) are left out, so a notification without a prefix filter is harmless. A key that is not a lake path fails the invocation: Lambda retries it and then sends it
 * to the function's failure destination, never drops it.
 */
final class CreatedObjects {
    private CreatedObjects() {
    }

    static List<ObjectKey> of(S3Event event, Zone zone) {
        List<ObjectKey> keys = new ArrayList<>();
        for (S3EventNotificationRecord record : event.getRecords()) {
            if (record.getEventName() != null && record.getEventName().startsWith("ObjectCreated:")) {
                String path = record.getS3().getObject().getUrlDecodedKey();
                if (path.startsWith(S3PayloadSpool.PREFIX)) {
                    continue;   // a spooled ingest payload in the raw bucket, not a lake object
                }
                ObjectKey key = ObjectKey.parse(path);
                if (key.zone() == zone) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }
}
