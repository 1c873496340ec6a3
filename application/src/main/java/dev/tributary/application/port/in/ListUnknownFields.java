package dev.tributary.application.port.in;

import dev.tributary.domain.lake.UnknownField;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Optional;

/** The fields producers send that their sources do not declare, so a new one is seen before anyone misses it. */
public interface ListUnknownFields {

    /** For one source or all, the most recently seen first. */
    List<UnknownField> list(Optional<SourceName> source);
}
