package dev.tributary.bootstrap.config;

import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.in.RedriveDeadLetters;
import dev.tributary.application.port.in.BrowseQuarantine;
import dev.tributary.application.port.in.ReadPipelineStatus;
import dev.tributary.application.port.in.RedriveQuarantinedBatch;
import dev.tributary.application.port.in.ReplaySource;
import dev.tributary.application.port.in.TraceAggregateRow;
import dev.tributary.application.port.in.ListUnknownFields;
import dev.tributary.application.port.in.QueryAggregates;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.application.port.out.AggregateRebuilds;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AggregatorFleet;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.BatchIds;
import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.port.out.StagedCodec;
import dev.tributary.adapters.local.lake.NotifyingLakeStore;
import dev.tributary.application.usecase.AggregateStagedObjectService;
import dev.tributary.application.usecase.BrowseQuarantineService;
import dev.tributary.application.usecase.ListUnknownFieldsService;
import dev.tributary.application.usecase.ReplaySourceService;
import dev.tributary.application.usecase.StageTransformedObjectService;
import dev.tributary.application.usecase.TransformRawObjectService;
import dev.tributary.application.usecase.PipelineSteps;
import dev.tributary.application.usecase.ReadPipelineStatusService;
import dev.tributary.application.usecase.RedriveDeadLettersService;
import dev.tributary.application.usecase.RedriveQuarantinedBatchService;
import dev.tributary.application.usecase.TraceAggregateRowService;
import dev.tributary.application.usecase.IngestBatchService;
import dev.tributary.application.usecase.RateLimits;
import dev.tributary.domain.ratelimit.RateLimitPolicy;
import dev.tributary.application.usecase.QueryAggregatesService;
import dev.tributary.bootstrap.runtime.DependencyBreakers;
import dev.tributary.bootstrap.runtime.IngestGroupThreads;
import dev.tributary.bootstrap.runtime.Replays;
import dev.tributary.bootstrap.runtime.StageOutcomes;
import dev.tributary.domain.batch.Batch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;

/** The application's whole object graph, readable in one file: one bean per use case. */
@Factory
class UseCaseFactory {

    /** Closed before the ingest queue: the open groups are published on shutdown. */
    @Singleton
    @Bean(preDestroy = "close")
    IngestBatchService ingestBatch(SourceCatalog sources, RecordCodec codec, MessageQueue<Batch> queue, BatchIds ids,
                                   IdempotencyKeys keys, Clock clock, IngestProperties ingest,
                                   IngestGroupThreads threads) {
        return new IngestBatchService(sources, codec, queue, ids, keys, clock,
                new IngestBatchService.Limits(ingest.maxBatchBytes(), ingest.maxRecords()),
                new RateLimits(new RateLimitPolicy(ingest.ratePerSecond(), ingest.rateBurst()), Map.of(),
                        System::nanoTime),
                new IngestBatchService.Grouping(ingest.groupMaxWait(), ingest.groupMaxRecords(), ingest.groupMaxBytes(),
                        ingest.groupEager()), threads.groupThreads());
    }

    /** Created before the ingest service, so shut down after it published its open groups. */
    @Singleton
    @Bean(preDestroy = "close")
    IngestGroupThreads ingestGroupThreads() {
        return new IngestGroupThreads();
    }

    /**
     * The four stages, wired once (PipelineSteps) and counted and logged per outcome (StageOutcomes); each is a bean of
     * its own inbound port below, for the local loops and the Lambda handlers alike.
     */
    @Singleton
    PipelineSteps pipelineSteps(LakeStore lake, SourceCatalog sources, RecordCodec codec, StagedCodec staged,
                                BeanProvider<AggregateStore> store, Clock clock, MeterRegistry meters,
                                WorkerProperties workers) {
        return StageOutcomes.around(PipelineSteps.over(lake, sources, codec, staged, new LazyAggregateStore(store),
                clock, workers.stagedReadsInFlight()), meters);
    }

    @Singleton
    WriteRawBatch writeRawBatch(PipelineSteps steps) {
        return steps.writeRaw();
    }

    @Singleton
    TransformRawObject transformRawObject(PipelineSteps steps) {
        return steps.transform();
    }

    @Singleton
    StageTransformedObject stageTransformedObject(PipelineSteps steps) {
        return steps.stage();
    }

    @Singleton
    AggregateStagedObject aggregateStagedObject(PipelineSteps steps) {
        return steps.aggregate();
    }

    @Singleton
    QueryAggregates queryAggregates(SourceCatalog sources, AggregateStore store) {
        return new QueryAggregatesService(sources, store);
    }

    @Singleton
    ReadPipelineStatus readPipelineStatus(StageQueues queues, AppliedBatchLedger ledger, AggregatorFleet fleet,
                                          DependencyBreakers breakers, Clock clock, ClientProperties client) {
        return new ReadPipelineStatusService(queues.byStage(), ledger, fleet, breakers, clock, client.statusMinutes());
    }

    @Singleton
    BrowseQuarantine browseQuarantine(LakeStore lake, SourceCatalog sources, RecordCodec codec) {
        return new BrowseQuarantineService(lake, sources, codec);
    }

    @Singleton
    RedriveQuarantinedBatch redriveQuarantinedBatch(LakeStore lake, SourceCatalog sources, RecordCodec codec,
                                                    MessageQueue<Batch> queue, Clock clock) {
        return new RedriveQuarantinedBatchService(lake, sources, codec, queue, clock);
    }

    @Singleton
    RedriveDeadLetters redriveDeadLetters(SourceCatalog sources, MessageQueue<Batch> ingest, NoticeQueues notices) {
        return new RedriveDeadLettersService(sources, ingest, notices.byZone());
    }

    /**
     * Replay transforms and stages again through the lake the local triggers do not watch (on AWS every put notifies;
     * the functions then find the batch applied already and change nothing).
     */
    @Singleton
    ReplaySource replaySource(LakeStore lake, SourceCatalog sources, RecordCodec codec, StagedCodec staged,
                              BeanProvider<AggregateStore> store, AggregateRebuilds rebuilds, Clock clock,
                              ReplayProperties replay) {
        LakeStore quiet = lake instanceof NotifyingLakeStore watched ? watched.unwatched() : lake;
        return new ReplaySourceService(sources, new TransformRawObjectService(quiet, sources, codec, clock),
                new StageTransformedObjectService(quiet, sources, codec, staged, clock),
                new AggregateStagedObjectService(quiet, sources, staged, new LazyAggregateStore(store), clock),
                rebuilds, clock, replay.batchesInFlight(Runtime.getRuntime().availableProcessors()));
    }

    @Singleton
    @Bean(preDestroy = "close")
    Replays replays(ReplaySource replay, Clock clock) {
        return new Replays(replay, clock);
    }

    @Singleton
    ListUnknownFields listUnknownFields(SourceCatalog sources, AppliedBatchLedger ledger) {
        return new ListUnknownFieldsService(sources, ledger);
    }

    @Singleton
    TraceAggregateRow traceAggregateRow(SourceCatalog sources, AppliedBatchLedger ledger, LakeStore lake,
                                        StagedCodec staged, ClientProperties client) {
        return new TraceAggregateRowService(sources, ledger, lake, staged, client.lineageCandidates());
    }
}
