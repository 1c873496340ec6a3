package dev.tributary.bootstrap.faults;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts to one source from a few threads while a fault is injected, as a careful producer would, and writes every
 * 202 to an {@link AckLog}. Lifecycle: {@link #start} → posts until {@link #close()} → the log is complete.
 * <ul>
 *   <li>Each post carries {@code recordsPerPost} records with markers never used before ({@link Feed}).</li>
 *   <li>Every other post carries an {@code Idempotency-Key}: when it is not acknowledged (any answer but 202, or no
 *       answer: refused connection, reset, timeout) it is sent again, same key and same body, until it is. A retry
 *       must get the first attempt's batch id and be counted once (invariant 2).</li>
 *   <li>A post without a key that is not acknowledged is given up and counted as not acknowledged: sending its
 *       records again without a key would make a second batch, a duplicate of the producer's own making. Its markers
 *       may still be counted (it may have been durable when its answer was lost), but never twice.</li>
 * </ul>
 * Only a 202 counts as acknowledged; 503, 429 and dead connections never do.
 */
public final class LoadGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    private static final Pattern BATCH_ID = Pattern.compile("\"batchId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
    /** How long a thread waits before it sends again after a post was not acknowledged. */
    private static final Duration AFTER_FAILURE = Duration.ofMillis(250);

    /**
     * @param threads        posting threads
     * @param recordsPerPost records (markers) per post
     * @param pause          each thread's pause after an acknowledged post (the pace)
     * @param timeout        how long a post waits for its answer before it counts as not acknowledged
     */
    public record Settings(int threads, int recordsPerPost, Duration pause, Duration timeout) {}

    private final String scenario;
    private final URI ingest;
    private final Feed feed;
    private final Supplier<String> key;
    private final Settings settings;
    private final AckLog log;
    private final long firstMarker;
    private final AtomicLong nextMarker;
    private final AtomicLong tried = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private LoadGenerator(String scenario, URI ingest, Feed feed, Supplier<String> key, long firstMarker,
                          Settings settings, Path logFile) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.ingest = ingest.resolve("/ingest/" + feed.source());
        this.feed = feed;
        this.key = key;
        this.settings = settings;
        this.firstMarker = firstMarker;
        this.nextMarker = new AtomicLong(firstMarker);
        this.log = new AckLog(logFile);
    }

    /**
     * Starts posting to {@code baseUrl}'s {@code /ingest/<source>} with the ingest key {@code key} gives (asked per
     * post, so a key file written by the pipeline's first start is read when it exists).
     */
    public static LoadGenerator start(String scenario, URI baseUrl, Feed feed, Supplier<String> key, long firstMarker,
                                      Settings settings, Path logFile) {
        LoadGenerator generator = new LoadGenerator(scenario, baseUrl, feed, key, firstMarker, settings, logFile);
        for (int i = 0; i < settings.threads(); i++) {
            Thread t = new Thread(generator::post, "fault-load-" + scenario + "-" + i);
            t.setDaemon(true);
            generator.threads.add(t);
            t.start();
        }
        return generator;
    }

    public String scenario() {
        return scenario;
    }

    public Feed feed() {
        return feed;
    }

    public Path log() {
        return log.file();
    }

    public long firstMarker() {
        return firstMarker;
    }

    /** One past the last marker handed out; the checker looks at markers in [first, end). */
    public long endMarker() {
        return nextMarker.get();
    }

    /** Requests sent, each retry included. */
    public long tried() {
        return tried.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    private void post() {
        long posts = 0;
        while (running) {
            long first = nextMarker.getAndAdd(settings.recordsPerPost());
            if (first + settings.recordsPerPost() > firstMarker + Feed.BLOCK) {
                LOG.atWarn().addKeyValue("scenario", scenario).log("markers used up, this thread stops posting");
                return;
            }
            String idempotencyKey = posts++ % 2 == 1 ? "fault-suite-" + scenario + "-" + first : null;
            HttpRequest request = request(feed.body(first, settings.recordsPerPost()), idempotencyKey);
            boolean done = send(request, first);
            while (!done && idempotencyKey != null && running) {
                pause(AFTER_FAILURE);
                done = send(request, first);
            }
            pause(done ? settings.pause() : AFTER_FAILURE);
        }
    }

    private HttpRequest request(String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(ingest).timeout(settings.timeout())
                .header("Content-Type", feed.contentType()).POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.build();
    }

    /** One attempt; true when it was acknowledged (and logged). */
    private boolean send(HttpRequest request, long first) {
        tried.incrementAndGet();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(request, (n, v) -> true)
                    .header("Authorization", "Bearer " + key.get()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            unanswered.incrementAndGet();   // refused, reset or timed out: no promise was made
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
        if (response.statusCode() != 202) {
            refused.incrementAndGet();
            return false;
        }
        Matcher id = BATCH_ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("a 202 without a batch id: " + response.body());
        }
        int records = settings.recordsPerPost();
        log.append(new AckLog.Ack(id.group(1), feed.source(), records, first, first + records - 1));
        acknowledged.incrementAndGet();
        return true;
    }

    /** The pace between posts, or the wait before sending again: a producer's pause, not a wait for a condition. */
    private void pause(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops posting, waits for the posts in flight to be answered or time out, and closes the log. */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(settings.timeout().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.close();
        LOG.atInfo().addKeyValue("scenario", scenario).addKeyValue("tried", tried.get())
                .addKeyValue("acknowledged", acknowledged.get()).addKeyValue("refused", refused.get())
                .addKeyValue("unanswered", unanswered.get()).log("load generator stopped");
    }
}
