package dev.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes {@code bench/RESULTS.md}: the machine, the figures table, the rounds behind each figure. Everything after
 * {@link #KEPT} in the existing file (the profiles and the hot spots, written by people) is kept.
 */
final class Results {
    static final String KEPT = "<!-- Written by hand below this line; bench/run.sh keeps it. -->";

    private final List<String> table = new ArrayList<>();
    private final List<String> details = new ArrayList<>();

    void add(Comparison c) {
        table.add(String.format(Locale.ROOT, "| %s | %s %s | %s %s | **%.0f %%** | ≥ %.0f %% | %s |", c.figure(),
                number(c.subjectMedian()), c.unit(), number(c.baselineMedian()), c.unit(), c.ratio() * 100,
                c.goalRatio() * 100, c.met() ? "yes" : "**no**"));
        details.add(String.format(Locale.ROOT, "- **%s** (%s): Tributary %s; baseline %s.", c.figure(), c.setup(),
                rounds(c.subject()), rounds(c.baseline())));
    }

    void add(EndToEnd.Outcome e, double goalRate, double goalP99) {
        table.add(String.format(Locale.ROOT, "| End to end, all roles in one JVM | %s events/s at freshness p50 %s, "
                        + "p99 %s | offered %s events/s | %.0f %% of the goal rate | ≥ %s events/s at p99 ≤ %.0f s | %s |",
                number(e.accepted()), seconds(e.p50()), seconds(e.p99()), number(e.offered()),
                e.accepted() / goalRate * 100, number(goalRate), goalP99, e.meets(goalRate, goalP99) ? "yes" : "**no**"));
        details.add(String.format(Locale.ROOT, "- **End to end**: `tributary.jar run --no-demo`, open-loop batches of "
                        + "%d events; %d batches accepted in the window, %d failed or skipped; freshness max %s; "
                        + "ledger complete %s after the load stopped; sustained %s events/s from first post to last "
                        + "aggregate; %s.", EndToEnd.EVENTS_PER_BATCH, e.batches(), e.failed(), seconds(e.max()),
                e.drain() == null ? "not within 3 min" : seconds(e.drain().toMillis() / 1000.0), number(e.sustained()),
                cpu(e.cpu())));
    }

    /** The sweep: each offered rate on a fresh pipeline; the highest one whose freshness meets the goal. */
    void addSweep(List<EndToEnd.Outcome> sweep, double goalRate, double goalP99) {
        EndToEnd.Outcome best = sweep.stream().filter(e -> e.p99() <= goalP99 && e.accepted() >= 0.95 * e.offered())
                .reduce((a, b) -> b.offered() > a.offered() ? b : a).orElse(null);
        String rates = sweep.stream().map(e -> String.format(Locale.ROOT, "%s/s: p50 %s, p99 %s", number(e.offered()),
                seconds(e.p50()), seconds(e.p99()))).collect(Collectors.joining("; "));
        table.add(String.format(Locale.ROOT, "| End to end, highest offered rate with p99 ≤ %.0f s (sweep) | %s | %s "
                        + "| %s | ≥ %s events/s at p99 ≤ %.0f s | %s |", goalP99,
                best == null ? "none of the rates swept" : number(best.accepted()) + " events/s at p50 "
                        + seconds(best.p50()) + ", p99 " + seconds(best.p99()), rates,
                best == null ? "—" : String.format(Locale.ROOT, "%.0f %% of the goal rate", best.accepted() / goalRate * 100),
                number(goalRate), goalP99, best != null && best.meets(goalRate, goalP99) ? "yes" : "**no**"));
        details.add("- **End to end, sweep**: a fresh pipeline per rate, the same warm-up and window; a rate counts "
                + "if at least 95 % of it was accepted and p99 ≤ " + String.format(Locale.ROOT, "%.0f", goalP99)
                + " s. " + sweep.stream().map(e -> String.format(Locale.ROOT, "%s/s offered: %s accepted, %s "
                        + "sustained, max %s, %s", number(e.offered()), number(e.accepted()), number(e.sustained()),
                seconds(e.max()), cpu(e.cpu()))).collect(Collectors.joining("; ")) + ".");
    }

    void add(HeapSoak.Outcome s) {
        boolean flat = s.maxDeviation() <= 0.10;
        table.add(String.format(Locale.ROOT, "| Live heap (objects surviving a full GC), %s soak at %s events/s | median %.1f MB, "
                        + "largest deviation %.1f %% | — | — | within ±10 %% | %s |", duration(s.soak().toSeconds()),
                number(s.eventsPerSecond()), s.median(), s.maxDeviation() * 100, flat ? "yes" : "**no**"));
        details.add(String.format(Locale.ROOT, "- **Heap soak**: live MB from `jcmd GC.class_histogram`, warm-up (first fifth, not "
                        + "judged) %s; then %s. Load: %d batches posted, %d accepted, %d failed, %d skipped.",
                mb(s.warmupMb()), mb(s.samplesMb()), s.counts().posted(), s.counts().accepted(), s.counts().failed(),
                s.counts().skipped()));
    }

    void write(Path file, String command, String date, String machine, String before, String after)
            throws IOException {
        String kept = Files.exists(file) && Files.readString(file).contains(KEPT)
                ? Files.readString(file).substring(Files.readString(file).indexOf(KEPT)) : KEPT + "\n";
        String text = "# Benchmark results\n\n"
                + "Written by `" + command + "` on " + date + ". Every ratio compares medians of rounds measured in "
                + "the same run, alternating which side goes first; the machine is shared, so read the rounds too.\n\n"
                + "## Machine\n\n" + machine + "\n\n"
                + "Before the run: " + before + "\n\n"
                + "After the run: " + after + "\n\n"
                + "## Figures\n\n"
                + "| figure | Tributary | baseline (same run) | ratio | goal | met |\n|---|---|---|---|---|---|\n"
                + String.join("\n", table) + "\n\n"
                + "## Rounds and setup\n\n" + String.join("\n", details) + "\n\n" + kept;
        Files.writeString(file, text);
    }

    private static String rounds(List<Double> values) {
        return values.stream().map(Results::number).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String mb(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String cpu(CpuShare c) {
        return String.format(Locale.ROOT, "CPU in the window (cores): pipeline JVM %.2f, PostgreSQL %.2f, load "
                + "generator %.2f", c.pipelineCores(), c.postgresCores(), c.generatorCores());
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String seconds(double value) {
        return Double.isInfinite(value) ? "∞ (not aggregated by the deadline)"
                : String.format(Locale.ROOT, "%.2f s", value);
    }

    private static String duration(long seconds) {
        return seconds % 60 == 0 ? seconds / 60 + "-minute" : seconds + "-second";
    }
}
