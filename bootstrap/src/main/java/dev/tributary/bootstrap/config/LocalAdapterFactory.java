package dev.tributary.bootstrap.config;

import dev.tributary.adapters.local.ids.FileIdempotencyKeys;
import dev.tributary.adapters.local.lake.FileSystemLakeStore;
import dev.tributary.adapters.local.lake.NotifyingLakeStore;
import dev.tributary.adapters.local.queue.FileMessageQueue;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The laptop deployment: durable on-disk queues (fsynced before 202), the lake as a folder, and a notice queue per
 * zone standing in for S3 event notifications.
 */
@Factory
@Requires(notEnv = "aws")
class LocalAdapterFactory {

    @Singleton
    @Bean(preDestroy = "close")
    FileMessageQueue<Batch> ingestQueue(StorageProperties storage, QueueProperties queue) {
        return FileMessageQueue.batches(storage.queues().resolve("ingest"), queue.visibilityTimeout(), queue.maxReceives());
    }

    @Singleton
    @Bean(preDestroy = "close")
    FileIdempotencyKeys idempotencyKeys(StorageProperties storage, IngestProperties ingest, Clock clock) {
        return new FileIdempotencyKeys(storage.dataDirectory().resolve("idempotency-keys.log"),
                ingest.idempotencyRetention(), clock);
    }

    @Singleton
    @Bean(preDestroy = "close")
    NoticeQueues noticeQueues(StorageProperties storage, QueueProperties queue) {
        Map<Zone, FileMessageQueue<ObjectKey>> byZone = new EnumMap<>(Zone.class);
        for (Zone zone : List.of(Zone.RAW, Zone.TRANSFORMED, Zone.STAGED)) {
            byZone.put(zone, FileMessageQueue.objectKeys(storage.queues().resolve(zone.prefix() + "-written"),
                    queue.visibilityTimeout(), queue.maxReceives()));
        }
        return new NoticeQueues(byZone);
    }

    @Singleton
    LakeStore lakeStore(StorageProperties storage, NoticeQueues notices) {
        return new NotifyingLakeStore(new FileSystemLakeStore(storage.lake()), notices.byZone());
    }
}
