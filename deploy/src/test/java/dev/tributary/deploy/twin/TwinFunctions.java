package dev.tributary.deploy.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The template's Lambda functions as the twin runs them: each function a child JVM ({@link LambdaRuntime}) with the
 * function's {@code Handler}, its {@code Environment.Variables} resolved and what the Lambda service itself adds; its
 * triggers as the Lambda service drives them: for each {@code AWS::Lambda::EventSourceMapping} on a queue, a poller
 * that receives up to {@code BatchSize} messages within {@code MaximumBatchingWindowInSeconds}, invokes the function
 * with the SQS event and deletes the messages that did not fail ({@code ReportBatchItemFailures}; without it, all or
 * nothing). Nothing is invoked asynchronously: the template has no S3 → function notification (an event source the
 * twin would refuse), every function reads a queue.
 * <p>
 * A function's process may be killed ({@link #killAndStartAgain}): an invocation it was running fails as a function
 * error (its messages are seen again after their visibility timeout), and the next invocation waits for the new
 * process, as Lambda starts a new execution environment instead of refusing one.
 * <p>
 * Deviations: one poller stands for the mapping's concurrency, and a function's timeout is not enforced.
 */
final class TwinFunctions implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudFormation template;
    private final SqsClient sqs;
    private final String region;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> pollers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Invocations whose process died while running them. */
    private final AtomicInteger cut = new AtomicInteger();

    /**
     * A started function: its invoke port and its current process (a new one after {@link #killAndStartAgain});
     * {@code running} counts the invocations it has in hand.
     */
    static final class Function {
        private final String logicalId;
        private final int port;
        private final AtomicInteger running = new AtomicInteger();
        private volatile ChildJvm process;

        Function(String logicalId, ChildJvm process, int port) {
            this.logicalId = logicalId;
            this.process = process;
            this.port = port;
        }

        String logicalId() {
            return logicalId;
        }

        ChildJvm process() {
            return process;
        }

        int port() {
            return port;
        }
    }

    /** What one invocation came to: the runtime's answer, or none because its process died or hung ({@code status} -1). */
    record Invocation(int status, String body) {
        boolean succeeded() {
            return status == 200;
        }
    }

    TwinFunctions(CloudFormation template, SqsClient sqs, String region) {
        this.template = template;
        this.sqs = sqs;
        this.region = region;
    }

    /**
     * Starts the function {@code logicalId}: {@code java -cp <jar>:<runtime> LambdaRuntime <Handler> <port>} with
     * the environment {@code env} (the template's variables plus the Lambda service's and the twin's).
     */
    Function start(String logicalId, Map<String, String> env, List<String> classPath, Path workDir, int port) {
        Map<String, Object> p = template.properties(logicalId);
        int memory = Integer.parseInt(String.valueOf(p.getOrDefault("MemorySize", 128)));
        // MaxRAM: the function's memory; C1 only: what Lambda's Java runtimes (17 and later) set by default
        List<String> command = List.of(ChildJvm.JAVA, "-XX:MaxRAM=" + memory + "m", "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1", "-cp",
                String.join(java.io.File.pathSeparator, classPath), LambdaRuntime.class.getName(),
                (String) p.get("Handler"), Integer.toString(port));
        ChildJvm process = ChildJvm.start("lambda-" + logicalId, command, env, workDir.resolve(logicalId));
        Function function = new Function(logicalId, process, port);
        functions.put(logicalId, function);
        return function;
    }

    Map<String, Function> started() {
        return functions;
    }

    /** "function: error" of every failed invocation, for the test's report. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** The function whose {@code Handler} is {@code handlerClass}'s, by its simple name (the template's one). */
    Function byHandler(String handlerClass) {
        return functions.values().stream().filter(f -> String.valueOf(template.properties(f.logicalId())
                        .get("Handler")).contains("." + handlerClass + "::")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no function with handler " + handlerClass));
    }

    /** True while {@code function} is running an invocation. */
    boolean busy(Function function) {
        return function.running.get() > 0;
    }

    /** Invocations cut short because their function's process was killed. */
    int cut() {
        return cut.get();
    }

    /** SIGKILL to the function's process, then a new one: invocations from now on go to it. */
    void killAndStartAgain(Function function) {
        function.process = function.process.killAndStartAgain();
    }

    /** Starts one poller per {@code AWS::Lambda::EventSourceMapping}, on the queue its {@code EventSourceArn} names. */
    void startEventSourceMappings(Map<String, URI> queueUrlsByArn) {
        template.resources("AWS::Lambda::EventSourceMapping").forEach((id, p) -> {
            String queueArn = template.resolve(p.get("EventSourceArn"));
            URI queue = require(queueUrlsByArn.get(queueArn), "no queue " + queueArn + " for " + id);
            Function function = function(template.resolve(p.get("FunctionName")));
            int batchSize = Integer.parseInt(String.valueOf(p.getOrDefault("BatchSize", 10)));
            Duration window = Duration.ofSeconds(Long.parseLong(String.valueOf(
                    p.getOrDefault("MaximumBatchingWindowInSeconds", 0))));
            boolean partial = String.valueOf(p.get("FunctionResponseTypes")).contains("ReportBatchItemFailures");
            Thread poller = new Thread(() -> poll(id, function, queueArn, queue, batchSize, window, partial),
                    "twin-poller-" + id);
            poller.setDaemon(true);
            poller.start();
            pollers.add(poller);
        });
    }

    private void poll(String mapping, Function function, String queueArn, URI queue, int batchSize, Duration window,
                      boolean partial) {
        while (running.get()) {
            try {
                List<Message> batch = new ArrayList<>(receive(queue, Math.min(10, batchSize), 1));
                Instant deadline = Instant.now().plus(window);
                while (!batch.isEmpty() && batch.size() < batchSize && Instant.now().isBefore(deadline)) {
                    List<Message> more = receive(queue, Math.min(10, batchSize - batch.size()), 1);
                    if (more.isEmpty()) {
                        break;
                    }
                    batch.addAll(more);
                }
                if (batch.isEmpty()) {
                    continue;
                }
                Invocation response = invoke(function, sqsEvent(batch, queueArn));
                if (!response.succeeded()) {
                    continue;   // a function error: the whole batch becomes visible again after its timeout
                }
                Set<String> failed = partial ? failedIds(response.body()) : Set.of();
                List<DeleteMessageBatchRequestEntry> done = batch.stream().filter(m -> !failed.contains(m.messageId()))
                        .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                                .receiptHandle(m.receiptHandle()).build()).toList();
                if (!done.isEmpty()) {
                    sqs.deleteMessageBatch(b -> b.queueUrl(queue.toString()).entries(done));
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    failures.add(mapping + ": " + e);
                }
            }
        }
    }

    private List<Message> receive(URI queue, int max, int waitSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(queue.toString()).maxNumberOfMessages(max)
                .waitTimeSeconds(waitSeconds).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    /** The event the Lambda service's SQS poller passes to the function. */
    private String sqsEvent(List<Message> messages, String queueArn) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId()).put("receiptHandle", m.receiptHandle()).put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            ObjectNode messageAttributes = r.putObject("messageAttributes");
            m.messageAttributes().forEach((k, v) -> {
                ObjectNode a = messageAttributes.putObject(k);
                if (v.stringValue() != null) {
                    a.put("stringValue", v.stringValue());
                }
                if (v.binaryValue() != null) {
                    a.put("binaryValue", Base64.getEncoder().encodeToString(v.binaryValue().asByteArray()));
                }
                a.putArray("stringListValues");
                a.putArray("binaryListValues");
                a.put("dataType", v.dataType());
            });
            r.put("md5OfBody", m.md5OfBody()).put("eventSource", "aws:sqs").put("eventSourceARN", queueArn)
                    .put("awsRegion", region);
        }
        return event.toString();
    }

    private static Set<String> failedIds(String response) {
        try {
            JsonNode failures = JSON.readTree(response).path("batchItemFailures");
            Set<String> ids = new java.util.HashSet<>();
            failures.forEach(f -> ids.add(f.path("itemIdentifier").asText()));
            return ids;
        } catch (IOException e) {
            throw new IllegalStateException("unreadable batch response " + response, e);
        }
    }

    /**
     * One invocation. No listening process means its new execution environment is starting: the invocation waits for
     * it. A process that dies while running the invocation is a function error, as Lambda reports
     * {@code Runtime.ExitError}.
     */
    private Invocation invoke(Function function, String event) {
        function.running.incrementAndGet();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (true) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + function.port() + "/invoke"))
                            .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(event)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        failures.add(function.logicalId() + ": " + response.body());
                    }
                    return new Invocation(response.statusCode(), response.body());
                } catch (ConnectException starting) {
                    if (System.nanoTime() > deadline || !running.get()) {
                        throw new IllegalStateException(function.logicalId() + " did not start again", starting);
                    }
                    TimeUnit.MILLISECONDS.sleep(100);   // the new environment is not listening yet
                } catch (HttpTimeoutException late) {
                    failures.add(function.logicalId() + ": no answer within 60 s");
                    return new Invocation(-1, "");
                } catch (IOException died) {
                    cut.incrementAndGet();
                    failures.add(function.logicalId() + ": Runtime.ExitError (" + died + ")");
                    return new Invocation(-1, "");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            function.running.decrementAndGet();
        }
    }

    /** A function by ARN, {@code name:qualifier} or name; the twin names each function by its logical id. */
    private Function function(String arnOrName) {
        String[] parts = arnOrName.split(":");
        String name = arnOrName.startsWith("arn:") ? parts[6] : parts[0];
        return require(functions.get(name), "no function " + name + " started (from " + arnOrName + "); started: "
                + functions.keySet().stream().collect(Collectors.joining(", ")));
    }

    private static <T> T require(T value, String message) {
        if (value == null) {
            throw new IllegalStateException(message);
        }
        return value;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread poller : pollers) {
            poller.join(5_000);
        }
        for (Function f : functions.values()) {
            f.process().close();
        }
    }
}
