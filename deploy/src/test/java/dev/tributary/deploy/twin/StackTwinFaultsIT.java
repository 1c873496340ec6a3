package dev.tributary.deploy.twin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.bootstrap.faults.FaultChecker;
import dev.tributary.bootstrap.faults.Feed;
import dev.tributary.bootstrap.faults.LoadGenerator;
import dev.tributary.deploy.TestStacks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault suite on the stack's twin ({@link StackTwin}): each role of the AWS deployment as its own process, killed with
 * SIGKILL mid-stream and started again (the ingest and aggregator services as ECS replaces a task, the raw writer,
 * transformation and staging functions as Lambda starts a new execution environment), then the S3 and the SQS endpoint
 * failing (500, SlowDown) and hanging past a request's 25 s call timeout behind a {@link FaultProxy}. One twin serves
 * every scenario, one after the other; each has its own load, markers and ack log, and the checker's line.
 * <p>
 * The twin runs the shipped stack with its timeouts scaled down ({@link #scaledSizing}): the raw writer's timeout 1 s
 * instead of 60 (ingest queue visibility 7 s instead of 361), the transformation's and staging's 2 s instead of 120
 * (their notice queues' visibility 12 s instead of 720), and the aggregator's processing timeout 2 s instead of 30
 * (staged-notice visibility 12 s instead of 180; less would let a notice held by an aggregator hung on S3 for 25 s be
 * received by the others too often). The functions' waits during an outage are the shipped ones (5 s, doubling up to
 * 60 s): S3 fails for a minute at a stretch, several waits in a row, and no message is dead-lettered, because a
 * function gives its messages back and there is no retry budget to spend (an S3-triggered function had one: two
 * asynchronous retries within about three minutes on AWS, then its failure queue).
 */
@Tag("fault-suite")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackTwinFaultsIT {
    /** How long S3 answers 500: an outage the functions must wait out over several give-backs (5, 10, 20, 40 s). */
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    /** How long an endpoint answers 500 or SlowDown in the shorter windows. */
    private static final Duration ERRORS = Duration.ofSeconds(6);
    /** Past a request's call timeout (25 s, tributary.aws): the first calls time out, later ones meet the healed one. */
    private static final Duration HANG = Duration.ofSeconds(32);
    private static final LoadGenerator.Settings LOAD =
            new LoadGenerator.Settings(4, 5, Duration.ofMillis(100), Duration.ofSeconds(15));
    private static StackTwin twin;
    private static int scenarios;

    @BeforeAll
    static void startTwin() throws Exception {
        twin = StackTwin.start(new StackTwin.Options(scaledSizing(), Path.of("target", "twin-faults"), true));
    }

    @AfterAll
    static void stopTwin() throws Exception {
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    @Order(1)
    void ingestServiceKilledMidStream() {
        scenario("ingest-kill-9", load -> {
            twin.killAndStartAgain("ingest");
            return 1;
        });
    }

    @Test
    @Order(2)
    void rawWriterKilledMidInvocation() {
        killFunction("raw-writer-kill-9", "WriteRawBatchFunction");
    }

    @Test
    @Order(3)
    void transformationKilledMidInvocation() {
        killFunction("transformer-kill-9", "TransformRawObjectFunction");
    }

    @Test
    @Order(4)
    void stagingKilledMidInvocation() {
        killFunction("stager-kill-9", "StageTransformedObjectFunction");
    }

    @Test
    @Order(5)
    void aggregatorServiceKilledMidStream() {
        scenario("aggregator-kill-9", load -> {
            long applied = twin.ledgerRows();
            await().atMost(Duration.ofSeconds(60)).until(() -> twin.ledgerRows() >= applied + 3);   // it is aggregating
            twin.killAndStartAgain("aggregator");
            return 1;
        });
    }

    @Test
    @Order(6)
    void s3EndpointFailingThenHanging() {
        FaultProxy s3 = twin.s3Proxy();
        scenario("s3-failing", load -> {
            long before = s3.faultsInjected();
            window(s3, FaultProxy.Fault.INTERNAL_ERROR, OUTAGE);
            window(s3, FaultProxy.Fault.SLOW_DOWN, ERRORS);
            window(s3, FaultProxy.Fault.HANG, HANG);
            return s3.faultsInjected() - before;
        });
    }

    @Test
    @Order(7)
    void sqsEndpointFailingThenHanging() {
        FaultProxy sqs = twin.sqsProxy();
        scenario("sqs-failing", load -> {
            long before = sqs.faultsInjected();
            window(sqs, FaultProxy.Fault.INTERNAL_ERROR, ERRORS);
            window(sqs, FaultProxy.Fault.HANG, HANG);
            return sqs.faultsInjected() - before;
        });
    }

    /** The fault, injected at a moment the function is running an invocation, which the kill then cuts. */
    private static void killFunction(String name, String handler) {
        TwinFunctions functions = twin.functions();
        TwinFunctions.Function function = functions.byHandler(handler);
        int cut = functions.cut();
        scenario(name, load -> {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> functions.busy(function));
            functions.killAndStartAgain(function);
            return 1;
        });
        System.out.println("  (" + name + ": " + (functions.cut() - cut) + " invocation(s) cut by the kill)");
    }

    @FunctionalInterface
    private interface Fault {
        /** Injects the fault while {@code load} posts, and returns how many faults it injected. */
        long inject(LoadGenerator load);
    }

    /**
     * One scenario: load starts, is acknowledged and aggregated for a while, the fault is injected, load goes on until
     * more posts were acknowledged after it, then stops; the checker waits for the pipeline to finish what it was
     * given, prints the figures and fails on anything lost or double-counted. No dead letter may be left either.
     */
    private static void scenario(String name, Fault fault) {
        Map<String, Long> deadLetters = twin.cloud().deadLetters();
        long applied = twin.ledgerRows();
        LoadGenerator load = LoadGenerator.start(name, twin.serviceUrl("ingest"), Feed.orders(),
                () -> StackTwinIT.INGEST_KEY, Feed.firstMarker(scenarios++), LOAD,
                Path.of("target", "fault-suite", name + ".acks"));
        long faults;
        try (load) {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= 10 && twin.ledgerRows() > applied);
            twin.mark(name + ": fault");
            faults = fault.inject(load);
            long acknowledged = load.acknowledged();
            await().atMost(Duration.ofSeconds(90)).until(() -> load.acknowledged() >= acknowledged + 10);
        }
        FaultChecker.verify(load, faults, twin.cloud()::openDatabase, twin::quiet, Duration.ofSeconds(150));
        twin.mark(name + ": checked");
        assertThat(twin.cloud().deadLetters()).as("dead letters after " + name).isEqualTo(deadLetters);
        twin.services().values().forEach(ChildJvm::requireAlive);
    }

    /**
     * The endpoint fails with {@code fault} for {@code length} (and at least one request met it), then is healed until
     * the pipeline has aggregated again: the messages given back during the window come back within the functions'
     * longest wait (60 s) and the breakers of the services close after their next probe.
     */
    private static void window(FaultProxy proxy, FaultProxy.Fault fault, Duration length) {
        long before = proxy.faultsInjected();
        Instant start = Instant.now();
        proxy.inject(fault);
        await().atMost(length.plusSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                proxy.faultsInjected() > before && Duration.between(start, Instant.now()).compareTo(length) >= 0);
        proxy.inject(FaultProxy.Fault.NONE);
        long applied = twin.ledgerRows();
        await().atMost(Duration.ofSeconds(150)).until(() -> twin.ledgerRows() >= applied + 2);
    }

    /**
     * The shipped sizing with its timeouts scaled down, written under target/: the functions' timeouts (which make their
     * queues' visibility) and the aggregator's processing timeout (the staged-notice queue's).
     */
    private static Path scaledSizing() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode sizing = (ObjectNode) yaml.readTree(TestStacks.SIZING.toFile());
        ((ObjectNode) sizing.at("/functions/write_raw")).put("timeout_seconds", 1);
        ((ObjectNode) sizing.at("/functions/transform")).put("timeout_seconds", 2);
        ((ObjectNode) sizing.at("/functions/stage")).put("timeout_seconds", 2);
        ((ObjectNode) sizing.at("/services/aggregator")).put("processing_timeout_seconds", 2);
        Path file = Path.of("target", "sizing-fault-suite.yml");
        Files.createDirectories(file.getParent());
        yaml.writeValue(file.toFile(), sizing);
        return file;
    }
}
