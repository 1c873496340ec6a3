package dev.tributary.bootstrap.runtime;

/**
 * Something the whole pipeline in one JVM must have done before it serves its first request, contributed by a part
 * that {@code runtime} does not know (access keys, for one). {@link LocalPipeline} runs every such bean first.
 */
public interface StartStep {
    void prepare();
}
