package dev.tributary.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The ingest role alone, for the ingest figures: the production HTTP API, catalog, limits, idempotency keys and
 * durable ingest queue, with no worker loops and no database (nothing consumes the queue, so nothing else competes
 * for the two cores; the JDBC health check is off, or {@code /health} would start the embedded PostgreSQL), plus
 * the bench's {@link DiscardController} on {@code /discard/{source}} in the same JVM.
 * Arguments: port, data directory.
 */
public final class IngestServer {
    private IngestServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("micronaut.server.port", args[0], "tributary.storage.data-directory", args[1],
                        "bench.discard.enabled", "true", "endpoints.health.jdbc.enabled", "false"))
                .start();
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
