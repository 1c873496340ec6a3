package dev.tributary.bootstrap.config;

import dev.tributary.adapters.local.ids.FileIdempotencyKeys;
import dev.tributary.adapters.local.lake.FileSystemLakeStore;
import dev.tributary.adapters.local.lake.NotifyingLakeStore;
import dev.tributary.adapters.local.queue.FileIngestQueue;
import dev.tributary.adapters.local.queue.FileNoticeQueue;
import dev.tributary.application.port.out.IngestQueue;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.NoticeQueue;
import dev.tributary.domain.lake.Zone;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
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
    FileIngestQueue fileIngestQueue(StorageProperties storage, QueueProperties queue) {
        return new FileIngestQueue(storage.queues().resolve("ingest"), queue.visibilityTimeout(), queue.maxReceives());
    }

    @Singleton
    IngestQueue ingestQueue(FileIngestQueue queue) {
        return queue;
    }

    @Singleton
    @Bean(preDestroy = "close")
    FileIdempotencyKeys idempotencyKeys(StorageProperties storage, IngestProperties ingest, Clock clock) {
        return new FileIdempotencyKeys(storage.dataDirectory().resolve("idempotency-keys.log"),
                ingest.idempotencyRetention(), clock);
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Named("raw")
    FileNoticeQueue rawNotices(StorageProperties storage, QueueProperties queue) {
        return notices(storage, queue, Zone.RAW);
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Named("transformed")
    FileNoticeQueue transformedNotices(StorageProperties storage, QueueProperties queue) {
        return notices(storage, queue, Zone.TRANSFORMED);
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Named("staged")
    FileNoticeQueue stagedNotices(StorageProperties storage, QueueProperties queue) {
        return notices(storage, queue, Zone.STAGED);
    }

    private static FileNoticeQueue notices(StorageProperties storage, QueueProperties queue, Zone zone) {
        return new FileNoticeQueue(storage.queues().resolve(zone.prefix() + "-written"), queue.visibilityTimeout(),
                queue.maxReceives());
    }

    @Singleton
    LakeStore lakeStore(StorageProperties storage, @Named("raw") FileNoticeQueue raw,
                        @Named("transformed") FileNoticeQueue transformed, @Named("staged") FileNoticeQueue staged) {
        Map<Zone, NoticeQueue> notices = Map.of(Zone.RAW, raw, Zone.TRANSFORMED, transformed, Zone.STAGED, staged);
        return new NotifyingLakeStore(new FileSystemLakeStore(storage.lake()), notices);
    }
}
