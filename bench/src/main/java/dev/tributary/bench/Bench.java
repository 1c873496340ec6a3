package dev.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs every figure of issue 6 and writes {@code bench/RESULTS.md}; started by {@code bench/run.sh} from the
 * repository root, on the class path of {@code tributary.jar} plus the bench jar. Options ({@code --name=value}):
 * <ul>
 *   <li>{@code only} comma-separated figures: ingest, postgres, durable, replay, lake-latency, e2e, sweep, soak
 *   (default all);</li>
 *   <li>{@code replay-rate} (200000, more than the pipeline drains) and {@code replay-load} (5s): the load the replay
 *   figure first ingests, in batches of {@code replay-events} (1000) events;</li>
 *   <li>{@code latency} (0.02s) and {@code latency-batches} (300): the replay and the aggregator over a lake answering
 *   each request that much later, the replay on that many batches of 1,000 events;</li>
 *   <li>{@code rounds} (3) and {@code seconds} (10): rounds per ingest and PostgreSQL figure, wrk seconds per side;</li>
 *   <li>{@code pg-batches} (100): batches per side and round for the PostgreSQL figures; {@code pg-group} (50):
 *   batches per transaction of the second PostgreSQL figure, as the aggregator pool groups them (1: left out);</li>
 *   <li>{@code rate} (50000), {@code warmup} (30s), {@code window} (60s): the end-to-end load;</li>
 *   <li>{@code sweep} (10000,20000,30000,40000; empty: none): offered rates for the end-to-end sweep, each on a fresh
 *   pipeline with the same warm-up and window, to find the highest rate that meets the freshness goal;</li>
 *   <li>{@code pipeline-jvm} (none): extra JVM options, space-separated, for the pipeline of the end-to-end figures
 *   and the soak (e.g. {@code -XX:+PrintCompilation} or a JFR recording);</li>
 *   <li>{@code soak} (10m), {@code sample-every} (30s), {@code soak-rate} (half the rate the pipeline sustained
 *   end to end, or of {@code rate} when e2e is not run).</li>
 * </ul>
 */
public final class Bench {
    private static final double GOAL_RATE = 50_000;
    private static final double GOAL_P99_SECONDS = 2;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Set<String> only = Set.of(options.getOrDefault("only",
                "ingest,postgres,durable,replay,lake-latency,e2e,sweep,soak").split(","));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Duration each = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
        double rate = Double.parseDouble(options.getOrDefault("rate", "50000"));
        Path jar = Path.of("bootstrap/target/tributary.jar");
        Path work = Files.createTempDirectory("tributary-bench");
        Results results = new Results();
        String before = Machine.activity();
        String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
        System.out.println("bench: work directory " + work + " (data is deleted after each figure, logs stay)");

        if (only.contains("ingest")) {
            int port = ChildJvm.freePort();
            try (ChildJvm server = ChildJvm.start(List.of("-cp", System.getProperty("java.class.path")),
                    List.of(IngestServer.class.getName(), Integer.toString(port), work.resolve("ingest").toString()),
                    port, work.resolve("ingest-server.log"))) {
                IngestFigures ingest = new IngestFigures(new Wrk(Path.of("bench/wrk/post.lua")), server,
                        BenchKeys.ingestKey(work.resolve("ingest")), work,
                        rounds, each);
                report(results, ingest.batch());
                report(results, ingest.single());
            }
            deleteTree(work.resolve("ingest"));
        }
        int pgBatches = Integer.parseInt(options.getOrDefault("pg-batches", "100"));
        int pgGroup = Integer.parseInt(options.getOrDefault("pg-group", "50"));
        List<Integer> groups = pgGroup > 1 ? List.of(1, pgGroup) : List.of(1);
        if (only.contains("postgres")) {
            for (int group : groups) {
                report(results, new PostgresFigure(work.resolve("pg"), pgBatches, rounds, group).run());
                deleteTree(work.resolve("pg"));
            }
        }
        if (only.contains("durable")) {
            for (int group : groups) {
                report(results, new DurableCommitFigure(work.resolve("durable"), pgBatches, rounds, group).run());
                deleteTree(work.resolve("durable"));
            }
        }
        if (only.contains("replay")) {
            for (Comparison replay : new ReplayFigure(jar, work.resolve("replay"), work.resolve("replay.log"),
                    Double.parseDouble(options.getOrDefault("replay-rate", "200000")),
                    duration(options, "replay-load", "5s"), rounds,
                    Integer.parseInt(options.getOrDefault("replay-events", "1000")), pipelineJvmArgs(options)).run()) {
                report(results, replay);
            }
            deleteTree(work.resolve("replay"));
            deleteTree(work.resolve("replay-sources"));
        }
        if (only.contains("lake-latency")) {
            for (Comparison figure : new LakeLatencyFigures(work.resolve("lake-latency"),
                    Integer.parseInt(options.getOrDefault("latency-batches", "300")), rounds,
                    duration(options, "latency", "0.02s")).run()) {
                report(results, figure);
            }
            deleteTree(work.resolve("lake-latency"));
        }
        double soakRate = rate / 2;
        if (only.contains("e2e")) {
            EndToEnd.Outcome outcome = endToEnd(jar, work, "e2e", rate, options);
            results.add(outcome, GOAL_RATE, GOAL_P99_SECONDS);
            System.out.println("bench: " + outcome);
            soakRate = Math.min(rate, outcome.sustained()) / 2;
        }
        String sweepRates = options.getOrDefault("sweep", "10000,20000,30000,40000");
        if (only.contains("sweep") && !sweepRates.isBlank()) {
            List<EndToEnd.Outcome> sweep = new ArrayList<>();
            for (String r : sweepRates.split(",")) {
                EndToEnd.Outcome outcome = endToEnd(jar, work, "sweep-" + r.trim(), Double.parseDouble(r.trim()), options);
                sweep.add(outcome);
                System.out.println("bench: sweep " + outcome);
            }
            results.addSweep(sweep, GOAL_RATE, GOAL_P99_SECONDS);
        }
        if (only.contains("soak")) {
            soakRate = Double.parseDouble(options.getOrDefault("soak-rate", Double.toString(soakRate)));
            try (EndToEnd.Pipeline pipeline = EndToEnd.Pipeline.start(jar, work.resolve("soak"),
                    work.resolve("soak.log"), pipelineJvmArgs(options))) {
                HeapSoak.Outcome outcome = new HeapSoak(pipeline).run(soakRate, duration(options, "soak", "10m"),
                        duration(options, "sample-every", "30s"));
                results.add(outcome);
                System.out.println("bench: " + outcome);
            }
            deleteTree(work.resolve("soak"));
        }
        results.write(Path.of("bench/RESULTS.md"), "bench/run.sh " + String.join(" ", args), date,
                Machine.describe(), before, Machine.activity());
        System.out.println("bench: wrote bench/RESULTS.md");
    }

    /** One end-to-end run on a fresh pipeline in {@code work/<name>}, deleted afterwards; its log stays. */
    private static EndToEnd.Outcome endToEnd(Path jar, Path work, String name, double rate, Map<String, String> options)
            throws Exception {
        EndToEnd.Outcome outcome;
        try (EndToEnd.Pipeline pipeline = EndToEnd.Pipeline.start(jar, work.resolve(name), work.resolve(name + ".log"),
                pipelineJvmArgs(options))) {
            outcome = new EndToEnd(pipeline).run(rate, duration(options, "warmup", "30s"),
                    duration(options, "window", "60s"));
        }
        deleteTree(work.resolve(name));
        return outcome;
    }

    private static List<String> pipelineJvmArgs(Map<String, String> options) {
        String args = options.getOrDefault("pipeline-jvm", "").trim();
        return args.isEmpty() ? List.of() : List.of(args.split("\\s+"));
    }

    /** The queues of a figure hold gigabytes; the logs next to them stay. */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void report(Results results, Comparison comparison) {
        results.add(comparison);
        System.out.printf("bench: %s: %.0f vs %.0f %s, ratio %.2f%n", comparison.figure(), comparison.subjectMedian(),
                comparison.baselineMedian(), comparison.unit(), comparison.ratio());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            if (pair.length != 2 || !arg.startsWith("--")) {
                unknown.add(arg);
            } else {
                options.put(pair[0], pair[1]);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("expected --name=value options, got " + unknown);
        }
        return options;
    }

    /** "90s", "2m", "10m" or an ISO-8601 duration. */
    private static Duration duration(Map<String, String> options, String name, String fallback) {
        String text = options.getOrDefault(name, fallback);
        return Duration.parse(text.startsWith("P") ? text : "PT" + text.toUpperCase());
    }
}
