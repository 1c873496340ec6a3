package dev.tributary.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap, sampled while {@link SteadyLoad} feeds the pipeline at a steady rate: every sample is the total of
 * {@code jcmd <pid> GC.class_histogram}, which counts the objects that survive a full GC in that same pause. (Reading
 * {@code GC.heap_info} after a separate {@code GC.run} also counted what the pipeline allocated between the two
 * attaches, 30-70 MB at 20,000 events/s, which made the soak look anything but flat.)
 * The first fifth of the soak is warm-up (caches, JIT, pools) and is reported but not judged.
 */
final class HeapSoak {
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    /** Live heap in MB per sample after warm-up, and the largest deviation from their median. */
    record Outcome(double eventsPerSecond, Duration soak, List<Double> warmupMb, List<Double> samplesMb,
                   SteadyLoad.Counts counts) {
        double median() {
            List<Double> sorted = samplesMb.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        double maxDeviation() {
            double median = median();
            return samplesMb.stream().mapToDouble(s -> Math.abs(s - median) / median).max().orElse(Double.NaN);
        }
    }

    private final EndToEnd.Pipeline pipeline;

    HeapSoak(EndToEnd.Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    Outcome run(double eventsPerSecond, Duration soak, Duration sampleEvery) throws Exception {
        SteadyLoad load = new SteadyLoad(pipeline.jvm().url("/ingest/" + ClickEvents.SOURCE), pipeline.ingestKey(),
                EndToEnd.EVENTS_PER_BATCH, 64, 11);
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try {
            Future<SteadyLoad.Counts> counts = producer.submit(() -> load.run(eventsPerSecond, soak));
            List<Double> warmup = new ArrayList<>();
            List<Double> samples = new ArrayList<>();
            long start = System.nanoTime();
            for (long at = sampleEvery.toNanos(); at <= soak.toNanos(); at += sampleEvery.toNanos()) {
                Thread.sleep(Math.max(0, (start + at - System.nanoTime()) / 1_000_000));
                (at <= soak.toNanos() / 5 ? warmup : samples).add(liveHeapMb());
            }
            return new Outcome(eventsPerSecond, soak, warmup, samples, counts.get());
        } finally {
            producer.shutdownNow();
        }
    }

    private double liveHeapMb() throws IOException, InterruptedException {
        Matcher total = TOTAL.matcher(jcmd("GC.class_histogram"));
        if (!total.find()) {
            throw new IllegalStateException("no total from jcmd GC.class_histogram");
        }
        return Long.parseLong(total.group(1)) / 1024.0 / 1024.0;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pipeline.jvm().pid()), command)
                .redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }
}
