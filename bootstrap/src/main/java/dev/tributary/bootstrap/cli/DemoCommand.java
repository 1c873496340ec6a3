package dev.tributary.bootstrap.cli;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.domain.source.SourceName;
import dev.tributary.bootstrap.demo.DemoTraffic;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code tributary demo --url URL}: sends the demo traffic of every source to any ingest API. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Send realistic traffic for every source (a few bad records included) to an ingest API.")
class DemoCommand implements Callable<Integer> {

    @Option(names = "--url", required = true, description = "Ingest API root, e.g. http://localhost:8080")
    URI url;

    @Option(names = "--rate", defaultValue = "600", description = "Events per second, all sources together (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--bad-share", defaultValue = "0.02", description = "Share of deliberately bad records (default ${DEFAULT-VALUE}).")
    double badShare;

    @Option(names = "--duration", defaultValue = "0", description = "Seconds to run; 0 runs until Ctrl-C (default ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Inject
    SourceCatalog sources;

    @Inject
    LocalKeyFiles keys;

    @Override
    public Integer call() throws InterruptedException {
        Map<SourceName, String> ingestKeys = keys.ingestKeys();
        if (ingestKeys.isEmpty()) {
            System.err.println("No ingest keys in " + keys.myKeys() + ": start the pipeline once (tributary run), or"
                    + " point TRIBUTARY_DATA_DIR at the data directory of the pipeline you post to.");
            return 1;
        }
        CountDownLatch done = new CountDownLatch(1);
        try (DemoTraffic demo = new DemoTraffic(sources.all(), ingestKeys, url, rate, badShare, Clock.systemUTC(),
                System.nanoTime()).start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(done::countDown));
            if (durationSeconds > 0) {
                done.await(durationSeconds, TimeUnit.SECONDS);
            } else {
                done.await();
            }
            System.out.printf("sent %d events in %d accepted batches%n", demo.eventsAccepted(), demo.batchesAccepted());
        }
        return 0;
    }
}
