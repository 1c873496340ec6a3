package dev.tributary.bootstrap.cli;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.domain.access.Right;
import dev.tributary.bootstrap.config.StorageProperties;
import dev.tributary.bootstrap.demo.DemoTraffic;
import dev.tributary.bootstrap.runtime.LocalPipeline;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tributary run}: every role in one JVM on embedded defaults — ingest API, durable queues, lake folder,
 * transformation and staging triggers, the aggregator pool, embedded PostgreSQL — plus demo traffic for every source.
 * Stops cleanly on Ctrl-C; after a kill -9 the next start redelivers whatever was not acknowledged.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the whole pipeline in one JVM with demo traffic (Ctrl-C stops it).")
class RunCommand implements Callable<Integer> {

    @Option(names = "--no-demo", description = "Do not generate demo traffic.")
    boolean noDemo;

    @Option(names = "--demo-rate", defaultValue = "600", description = "Demo events per second, all sources together (default ${DEFAULT-VALUE}).")
    int demoRate;

    @Option(names = "--bad-share", defaultValue = "0.02", description = "Share of deliberately bad demo records (default ${DEFAULT-VALUE}).")
    double badShare;

    @Inject
    ApplicationContext context;

    @Override
    public Integer call() throws InterruptedException {
        SourceCatalog sources = context.getBean(SourceCatalog.class);
        LocalKeyFiles keys = context.getBean(LocalKeyFiles.class);
        LocalPipeline pipeline = LocalPipeline.start(context);
        URI url = pipeline.url();
        DemoTraffic demo = noDemo ? null : new DemoTraffic(sources.all(), keys.ingestKeys(), url, demoRate, badShare,
                Clock.systemUTC(), System.nanoTime()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (demo != null) {
                demo.close();
            }
            pipeline.close();
            context.close();
            stopped.countDown();
        }, "tributary-stop"));
        printBanner(url, sources.all().size(), keys);
        stopped.await();
        return 0;
    }

    /**
     * Printed to the terminal of the person who started the pipeline, never logged: the dashboard link carries their
     * operator key after '#', which browsers do not send to any server.
     */
    private void printBanner(URI url, int sourceCount, LocalKeyFiles keys) {
        long startedMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        StorageProperties storage = context.getBean(StorageProperties.class);
        String dashboard = keys.keyFor(Right.OPERATOR, Optional.empty()).map(k -> url + "/#key=" + k)
                .orElse(url + "/");
        System.out.printf("""

                Tributary is running (started in %.1f s), %d sources%s.
                  Dashboard      %s
                  Ingest API     POST %s/ingest/{source} with that source's key, e.g.
                                 curl -H "Authorization: Bearer $(./tributary keys show --source orders)" \\
                                      -H 'Content-Type: application/json' -d '{"order_id":"ORD-000001","customer":{"id":"c-1"},"shipping":{"country":"DE"},"items":2,"amount_cents":1990,"ordered_at":"2026-12-04T10:00:00Z"}' \\
                                      %s/ingest/orders
                  Keys           %s (yours; the pipeline keeps only their SHA-256)
                  Aggregates     tributary query SOURCE AGGREGATION, or %s/api/aggregates/{source}/{aggregation}
                  Health         %s/health
                  Data           %s (lake/, queues/, postgres/, keys/)
                Press Ctrl-C to stop.

                """, startedMs / 1000.0, sourceCount, noDemo ? "" : ", demo traffic at " + demoRate + " events/s",
                dashboard, url, url, keys.myKeys(), url, url, storage.dataDirectory().toAbsolutePath().normalize());
    }
}
