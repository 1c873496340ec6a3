package dev.tributary.bench;

import dev.tributary.bootstrap.runtime.StartStep;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The ingest role alone, for the ingest figures: the production HTTP API, catalog, limits, idempotency keys and
 * durable ingest queue, with no worker loops and no database (nothing consumes the queue, so nothing else competes
 * for the two cores; the JDBC health check is off, or {@code /health} would start the embedded PostgreSQL), plus
 * the bench's {@link DiscardController} on {@code /discard/{source}} in the same JVM. Its keys are created under the
 * data directory, as {@code run} creates them.
 * Arguments: port, data directory.
 */
public final class IngestServer {
    private IngestServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("micronaut.server.port", args[0], "tributary.storage.data-directory", args[1],
                        "bench.discard.enabled", "true", "endpoints.health.jdbc.enabled", "false",
                        // the figures measure the pipeline's throughput, not a source's rate limit
                        "tributary.ingest.rate-per-second", "1e9", "tributary.ingest.rate-burst", "1000000000"))
                .start();
        context.getBeansOfType(StartStep.class).forEach(StartStep::prepare);   // the keys, as `run` creates them
        context.getBean(EmbeddedServer.class).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            stopped.countDown();
        }, "ingest-server-stop"));
        System.out.println("ingest server ready on port " + args[0]);
        stopped.await();
    }
}
