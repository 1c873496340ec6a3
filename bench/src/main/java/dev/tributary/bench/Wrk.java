package dev.tributary.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (Debian's) posting one file with {@code bench/wrk/post.lua} and reads its summary. */
final class Wrk {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern P99 = Pattern.compile("99%\\s+([\\d.]+)(us|ms|s)");

    /** One wrk run: requests per second, how many answers were not 2xx, socket errors, 99th percentile latency. */
    record Result(double requestsPerSecond, long requests, long failed, double p99Millis) {
    }

    private final Path script;

    Wrk(Path script) {
        this.script = script;
    }

    Result post(String url, Path body, String contentType, String key, int connections, Duration duration)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "30s", "--latency", "-s", script.toString(), url));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BODY_FILE", body.toString());
        builder.environment().put("CONTENT_TYPE", contentType);
        builder.environment().put("INGEST_KEY", key);
        Process wrk = builder.start();
        String output = new String(wrk.getInputStream().readAllBytes());
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        return new Result(Double.parseDouble(group(RATE, output)), Long.parseLong(group(REQUESTS, output)),
                failed(output), p99Millis(output));
    }

    private static long failed(String output) {
        long failed = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            failed += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                failed += Long.parseLong(socket.group(g));
            }
        }
        return failed;
    }

    private static double p99Millis(String output) {
        Matcher m = P99.matcher(output);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static String group(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("unexpected wrk output: " + output);
        }
        return m.group(1);
    }
}
