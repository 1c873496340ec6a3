package dev.tributary.application.port.in;

import dev.tributary.application.port.out.AggregateStore.AggregateQuery;
import dev.tributary.application.port.out.AggregateStore.AggregateTable;
import dev.tributary.domain.source.SourceName;

/** Reads one aggregation of one source as a table people can read. */
public interface QueryAggregates {

    /** @throws UnknownSourceException for an unknown source; UnknownAggregationException for an aggregation the source does not have */
    AggregateTable query(SourceName source, String aggregation, AggregateQuery query);
}
