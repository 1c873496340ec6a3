package dev.tributary.application.usecase;

import dev.tributary.application.port.in.ReplaySource;
import dev.tributary.application.port.out.AggregateRebuilds;
import dev.tributary.application.port.out.AggregateRebuilds.Missing;
import dev.tributary.application.port.out.AggregateStore.BatchDeltas;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.refusal.UnknownAggregationException;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.TableDiff;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceDefinition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays a source in groups of {@value #GROUP} batches, oldest first: a batch received in the window is transformed
 * and staged again from raw (with the lake the pipeline's triggers do not watch, so the live stages are not fed the
 * same work again), every batch is folded from its staged object, and each group goes into the rebuild in one
 * transaction. Once fewer than a group remain (live traffic keeps adding some), the switch-over folds the rest while
 * the live tables are locked against writers. A rebuild is named by the request and the definition version, so the
 * same command after a crash resumes it.
 */
public final class ReplaySourceService implements ReplaySource {
    static final int GROUP = 64;

    private final SourceCatalog sources;
    private final TransformRawObjectService transform;
    private final StageTransformedObjectService stage;
    private final AggregateStagedObjectService fold;
    private final AggregateRebuilds rebuilds;
    private final Clock clock;
    private final int inFlight;

    /**
     * The three stages' services over the lake the replay writes; {@code batchesInFlight} batches of a group (at most
     * {@value #GROUP}) are replayed at once, each on a thread of its own: a few per core where the lake answers in
     * microseconds (a file system: the replay is CPU work, but a write waits for its fsync), many more where every
     * lake request waits on the network (S3: a batch cleaned again makes six requests of tens of milliseconds each,
     * while its CPU work takes a few).
     */
    public ReplaySourceService(SourceCatalog sources, TransformRawObjectService transform,
                               StageTransformedObjectService stage, AggregateStagedObjectService fold,
                               AggregateRebuilds rebuilds, Clock clock, int batchesInFlight) {
        this.sources = sources;
        this.transform = transform;
        this.stage = stage;
        this.fold = fold;
        this.rebuilds = rebuilds;
        this.clock = clock;
        this.inFlight = Math.max(1, Math.min(GROUP, batchesInFlight));
    }

    @Override
    public ReplayReport replay(ReplayRequest request, Progress progress) {
        SourceDefinition source = sources.require(request.source());
        List<AggregationSpec> tables = request.aggregation()
                .map(t -> List.of(source.aggregation(t).orElseThrow(
                        () -> new UnknownAggregationException(source.name().value(), t))))
                .orElse(source.aggregations());
        String version = sources.version(source.name()).map(DefinitionVersion::id).orElse("unversioned");
        String id = rebuildId(request, version);
        Instant started = clock.instant();
        Counts counts = new Counts(rebuilds.open(id, source, tables).size());
        long known = counts.batches + rebuilds.missing(id, source.name(), Integer.MAX_VALUE).size();
        progress.update(counts.batches, known, counts.records);
        ExecutorService workers = Executors.newFixedThreadPool(inFlight);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            // a group is cleaned and folded while the group before it is written: the database's share of a replay
            // (the distinct values above all) no longer waits for the CPU's, nor the CPU's for it
            Future<?> writing = null;
            BatchId after = null;
            while (true) {
                List<Missing> missing = after == null ? rebuilds.missing(id, source.name(), GROUP)
                        : rebuilds.missing(id, source.name(), after, GROUP);
                if (missing.isEmpty()) {
                    break;
                }
                after = missing.get(missing.size() - 1).batch();
                List<BatchDeltas> group = replayAll(workers, source, missing, request, counts);
                await(writing);
                writing = writer.submit(() -> rebuilds.add(id, tables, group));
                known = Math.max(known, counts.batches);
                progress.update(counts.batches, known, counts.records);
                if (missing.size() < GROUP) {
                    break;            // the rest arrives live: the switch-over catches it up under its lock
                }
            }
            await(writing);
            return finish(id, source, tables, version, request, counts, started, workers);
        } finally {
            writer.shutdownNow();
            workers.shutdownNow();
        }
    }

    /** The dry run's diff and discard, or the switch-over; then the report. */
    private ReplayReport finish(String id, SourceDefinition source, List<AggregationSpec> tables, String version,
                                ReplayRequest request, Counts counts, Instant started, ExecutorService workers) {
        List<TableDiff> diff;
        int caughtUp = 0;
        if (request.dryRun()) {
            for (List<Missing> late = rebuilds.missing(id, source.name(), GROUP); !late.isEmpty();
                 late = rebuilds.missing(id, source.name(), GROUP)) {
                rebuilds.add(id, tables, replayAll(workers, source, late, request, counts));   // what arrived meanwhile
            }
            diff = rebuilds.diff(id, tables);
            rebuilds.discard(id, tables);
        } else {
            AggregateRebuilds.Switched switched = rebuilds.switchOver(id, source.name(), tables,
                    late -> replayAll(workers, source, late, request, counts));
            caughtUp = switched.caughtUp();
            diff = switched.tables();
        }
        return new ReplayReport(source.name(), version, counts.batches, counts.records, counts.transformed, caughtUp,
                Duration.between(started, clock.instant()), diff, !request.dryRun());
    }

    /**
     * The batches' ledger rows and deltas, in their order, {@link #inFlight} at a time. A batch in the window whose
     * records the current rules would clean differently is cleaned again, written to the transformed and staged zones
     * where its objects change, and folded from the records in hand (without reading them back); any other batch is
     * folded from its staged object as it is.
     */
    private List<BatchDeltas> replayAll(ExecutorService workers, SourceDefinition source, List<Missing> batches,
                                        ReplayRequest request, Counts counts) {
        Instant now = clock.instant();
        List<Boolean> again = batches.stream().map(m -> request.covers(m.batch().timestamp())
                && !cleanedAlike(source, m.definitionVersion(), counts)).toList();
        List<Callable<BatchDeltas>> work = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            BatchId batch = batches.get(i).batch();
            boolean clean = again.get(i);
            work.add(() -> replayOne(source, batch, clean, request, now));
        }
        return collect(workers, work, batches, again, counts);
    }

    /** One batch: cleaned again from raw when {@code clean}, else folded from its staged object as it is. */
    private BatchDeltas replayOne(SourceDefinition source, BatchId batch, boolean clean, ReplayRequest request,
                                  Instant now) {
        ObjectKey raw = ObjectKey.raw(source.name(), batch, source.format());
        ObjectKey stagedKey = raw.in(Zone.STAGED);
        if (!clean) {
            return fold.deltasOf(stagedKey, now);
        }
        // a dry run writes nothing; a replay writes only what the rules changed
        TransformRawObjectService.Transformed t = transform.transformAgain(raw, request.dryRun()
                ? TransformRawObjectService.Writes.NONE : TransformRawObjectService.Writes.CHANGED);
        Lineage staged;
        if (request.dryRun()) {
            staged = t.lineage().staged(now, stage.schemaVersion(source));
        } else if (t.written()) {
            staged = stage.stageRecords(source, t.report().transformed(), t.clean(), t.lineage());
        } else {
            staged = stage.stagedWithCurrentSchema(source, stagedKey).orElseGet(() ->
                    stage.stageRecords(source, t.report().transformed(), t.clean(), t.lineage()));
        }
        return fold.deltasOf(source, stagedKey, staged, t.clean(), now);
    }

    private List<BatchDeltas> collect(ExecutorService workers, List<Callable<BatchDeltas>> work,
                                      List<Missing> batches, List<Boolean> again, Counts counts) {
        List<BatchDeltas> folded = new ArrayList<>();
        try {
            for (Future<BatchDeltas> f : workers.invokeAll(work)) {
                folded.add(Tasks.joined(f));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        }
        for (int i = 0; i < batches.size(); i++) {
            counts.batches++;
            counts.records += Math.max(0, folded.get(i).entry().lineage().rawRecords());
            if (again.get(i)) {
                counts.transformed++;
            }
        }
        return folded;
    }

    /**
     * Whether the batch's records were cleaned by rules that clean alike now (the definition changed in descriptions
     * or aggregations only); remembered per version for the replay. No version recorded: cleaned again.
     */
    private boolean cleanedAlike(SourceDefinition source, String version, Counts counts) {
        if (version == null) {
            return false;
        }
        return counts.alike.computeIfAbsent(version, v -> rebuilds.definition(source.name(), v)
                .map(d -> sources.cleansAlike(source.name(), d)).orElse(false));
    }

    /** Waits for the group being written, if any; its failure is the replay's. */
    private static void await(Future<?> writing) {
        if (writing != null) {
            Tasks.joined(writing);
        }
    }

    /** Source, window, table and definition version: the same request with the same rules resumes one rebuild. */
    static String rebuildId(ReplayRequest request, String version) {
        String text = request.source().value() + "|" + request.from().map(Instant::toString).orElse("") + "|"
                + request.to().map(Instant::toString).orElse("") + "|" + request.aggregation().orElse("") + "|"
                + version + "|" + request.dryRun();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** What the replay read so far. */
    private static final class Counts {
        final java.util.Map<String, Boolean> alike = new java.util.concurrent.ConcurrentHashMap<>();
        long batches;
        long records;
        long transformed;

        Counts(long resumed) {
            this.batches = resumed;
        }
    }
}
