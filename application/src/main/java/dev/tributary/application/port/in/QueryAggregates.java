package dev.tributary.application.port.in;

import dev.tributary.application.port.out.AggregateStore.AggregateQuery;
import dev.tributary.application.port.out.AggregateStore.AggregateTable;
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
