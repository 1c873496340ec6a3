package dev.tributary.application.usecase;

import dev.tributary.application.port.in.BrowseQuarantine;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.refusal.InvalidCursorException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Pages through the quarantine zone newest first. The cursor is the last batch id of a page: batch ids are
 * time-ordered across sources, so the newest page of all sources is the newest of each source's own newest page,
 * and each source's listing only reads its newest partitions.
 */
public final class BrowseQuarantineService implements BrowseQuarantine {
    private final LakeStore lake;
    private final SourceCatalog sources;
    private final RecordCodec codec;

    public BrowseQuarantineService(LakeStore lake, SourceCatalog sources, RecordCodec codec) {
        this.lake = lake;
        this.sources = sources;
        this.codec = codec;
    }

    @Override
    public QuarantinePage browse(Optional<SourceName> source, int limit, Optional<String> after) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        source.ifPresent(sources::require);
        Optional<BatchId> before = after.map(BrowseQuarantineService::cursor);
        List<SourceName> listed = source.map(List::of)
                .orElseGet(() -> sources.all().stream().map(SourceDefinition::name).toList());
        // One more than the page, so a full page knows whether another follows.
        List<ObjectKey> newest = listed.stream()
                .flatMap(name -> lake.listNewest(Zone.QUARANTINE, name, before, limit + 1).stream())
                .sorted(Comparator.comparing(ObjectKey::batch).reversed())
                .limit(limit + 1L)
                .toList();
        List<ObjectKey> page = newest.subList(0, Math.min(limit, newest.size()));
        List<QuarantinedBatch> batches = page.stream()
                .flatMap(key -> lake.get(key).stream().map(object -> new QuarantinedBatch(key,
                        Lineage.fromMetadata(object.metadata()), codec.decodeRejected(object.bytes()))))
                .toList();
        Optional<String> next = newest.size() > limit
                ? Optional.of(page.get(page.size() - 1).batch().toString()) : Optional.empty();
        return new QuarantinePage(batches, next);
    }

    private static BatchId cursor(String text) {
        try {
            return BatchId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
    }
}
