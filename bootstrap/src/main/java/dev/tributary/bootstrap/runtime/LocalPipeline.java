package dev.tributary.bootstrap.runtime;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;

/**
 * Every role of the pipeline started in one JVM, in dependency order: every {@link StartStep} (the access keys,
 * created on first start, so the pipeline is closed and usable at once), PostgreSQL and its tables, then the worker
 * loops (so nothing accepted waits for a consumer), then the HTTP server. {@code run} and the end-to-end tests both
 * start the pipeline through here.
 */
public final class LocalPipeline implements AutoCloseable {
    private final StageLoops triggers;
    private final EmbeddedServer server;

    private LocalPipeline(StageLoops triggers, EmbeddedServer server) {
        this.triggers = triggers;
        this.server = server;
    }

    public static LocalPipeline start(ApplicationContext context) {
        context.getBeansOfType(StartStep.class).forEach(StartStep::prepare);
        context.getBean(AggregateTables.class).prepare();
        StageLoops triggers = context.getBean(StageLoops.class).start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        return new LocalPipeline(triggers, server);
    }

    public URI url() {
        return server.getURI();
    }

    public StageLoops triggers() {
        return triggers;
    }

    /** Stops accepting requests first, then lets the workers finish the message in hand. */
    @Override
    public void close() {
        server.stop();
        triggers.close();
    }
}
