package dev.tributary.application.usecase;

import dev.tributary.application.port.in.AggregateStagedObject;
import dev.tributary.application.port.in.StageTransformedObject;
import dev.tributary.application.port.in.TransformRawObject;
import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.port.out.StagedCodec;

import java.time.Clock;
import java.util.Objects;

/**
 * The four stages a batch passes on its way from the queue to the aggregates — write raw, transform, stage,
 * aggregate — assembled once over one set of ports. The application context, the AWS end-to-end test and the bench
 * all build the pipeline here, so they run the same stages wired the same way.
 */
public record PipelineSteps(WriteRawBatch writeRaw, TransformRawObject transform, StageTransformedObject stage,
                            AggregateStagedObject aggregate) {
    public PipelineSteps {
        Objects.requireNonNull(writeRaw, "writeRaw");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(aggregate, "aggregate");
    }

    public static PipelineSteps over(LakeStore lake, SourceCatalog sources, RecordCodec records, StagedCodec staged,
                                     AggregateStore store, Clock clock) {
        return over(lake, sources, records, staged, store, clock, 1);
    }

    /** As above, the aggregate step reading up to {@code stagedReadsInFlight} staged objects of a group at once. */
    public static PipelineSteps over(LakeStore lake, SourceCatalog sources, RecordCodec records, StagedCodec staged,
                                     AggregateStore store, Clock clock, int stagedReadsInFlight) {
        return new PipelineSteps(new WriteRawBatchService(lake, clock),
                new TransformRawObjectService(lake, sources, records, clock),
                new StageTransformedObjectService(lake, sources, records, staged, clock),
                new AggregateStagedObjectService(lake, sources, staged, store, clock, stagedReadsInFlight));
    }
}
