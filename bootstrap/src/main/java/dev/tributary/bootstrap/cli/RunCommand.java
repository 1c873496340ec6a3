package dev.tributary.bootstrap.cli;

import dev.tributary.application.port.out.SourceCatalog;
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
        LocalPipeline pipeline = LocalPipeline.start(context);
        URI url = pipeline.url();
        SourceCatalog sources = context.getBean(SourceCatalog.class);
        DemoTraffic demo = noDemo ? null : new DemoTraffic(sources.all(), url, demoRate, badShare,
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
        printBanner(url, sources.all().size());
        stopped.await();
        return 0;
    }

    private void printBanner(URI url, int sourceCount) {
        long startedMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        StorageProperties storage = context.getBean(StorageProperties.class);
        System.out.printf("""

                Tributary is running (started in %.1f s), %d sources%s.
                  Dashboard      %s/
                  Ingest API     POST %s/ingest/{source}
                  Sources        %s/api/sources
                  Aggregates     %s/api/aggregates/{source}/{aggregation}   or: tributary query SOURCE AGGREGATION
                  Health         %s/health
                  Data           %s (lake/, queues/, postgres/)
                Press Ctrl-C to stop.

                """, startedMs / 1000.0, sourceCount, noDemo ? "" : ", demo traffic at " + demoRate + " events/s",
                url, url, url, url, url, storage.dataDirectory().toAbsolutePath().normalize());
    }
}
