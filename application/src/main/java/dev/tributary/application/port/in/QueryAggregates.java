package dev.tributary.application.port.in;

import dev.tributary.application.refusal.UnknownAggregationException;
import dev.tributary.application.refusal.UnknownDimensionException;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.application.refusal.UnsupportedBucketException;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.source.SourceName;

/** Reads one aggregation of one source as a table people can read, per its own bucket or a coarser one. */
public interface QueryAggregates {

    /**
     * @throws UnknownSourceException for an unknown source; UnknownAggregationException for an aggregation the source
     *         does not have; UnknownDimensionException for a filter on a column that is no dimension;
     *         UnsupportedBucketException for a bucket finer than the aggregation's
     */
    AggregateTable query(SourceName source, String aggregation, AggregateQuery query);
}
