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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The template's Lambda functions as the twin runs them: each function a child JVM ({@link LambdaRuntime}) with the
 * function's {@code Handler}, its {@code Environment.Variables} resolved and what the Lambda service itself adds; its
 * triggers as the Lambda service drives them:
 * <ul>
 *   <li>an {@code AWS::Lambda::EventSourceMapping} on a queue: a poller that receives up to {@code BatchSize} messages
 *       within {@code MaximumBatchingWindowInSeconds}, invokes the function with the SQS event and deletes the
 *       messages that did not fail ({@code ReportBatchItemFailures}; without it, all or nothing);</li>
 *   <li>an asynchronous invocation (S3 notifications): queued per function, retried
 *       {@code MaximumRetryAttempts} times (the function's {@code AWS::Lambda::EventInvokeConfig}), then sent to its
 *       {@code OnFailure} destination.</li>
 * </ul>
 * A function's process may be killed ({@link #killAndStartAgain}): an invocation it was running fails as a function
 * error (retried as above, or its messages seen again after their visibility timeout), and the next invocation waits
 * for the new process, as Lambda starts a new execution environment instead of refusing one.
 * <p>
 * Deviations: the retries wait {@code firstRetry}, then twice that (AWS: a minute, then two; the fault suite scales
 * them down as it scales the timeouts), one poller stands for the mapping's concurrency, and a function's timeout is
 * not enforced.
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
    private final Duration firstRetry;
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "twin-async-retries");
        t.setDaemon(true);
        return t;
    });
    /** Asynchronous invocations not yet done: succeeded, or sent to the failure destination. */
    private final AtomicInteger pendingAsync = new AtomicInteger();
    /** Asynchronous invocations that failed at least once and are not done yet. */
    private final AtomicInteger retrying = new AtomicInteger();
    /** Invocations whose process died while running them. */
    private final AtomicInteger cut = new AtomicInteger();

    /**
     * A started function: its invoke port, a queue of asynchronous invocations, and its current process (a new one
     * after {@link #killAndStartAgain}); {@code running} counts the invocations it has in hand.
     */
    static final class Function {
        private final String logicalId;
        private final int port;
        private final ExecutorService asyncQueue;
        private final AtomicInteger running = new AtomicInteger();
        private volatile ChildJvm process;

        Function(String logicalId, ChildJvm process, int port, ExecutorService asyncQueue) {
            this.logicalId = logicalId;
            this.process = process;
            this.port = port;
            this.asyncQueue = asyncQueue;
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

        ExecutorService asyncQueue() {
            return asyncQueue;
        }
    }

    /** What one invocation came to: the runtime's answer, or none because its process died or hung ({@code status} -1). */
    record Invocation(int status, String body) {
        boolean succeeded() {
            return status == 200;
        }
    }

    /** @param firstRetry the wait before an asynchronous invocation's first retry (the second waits twice that) */
    TwinFunctions(CloudFormation template, SqsClient sqs, String region, Duration firstRetry) {
        this.template = template;
        this.sqs = sqs;
        this.region = region;
        this.firstRetry = firstRetry;
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
        ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "twin-async-" + logicalId);
            t.setDaemon(true);
            return t;
        });
        Function function = new Function(logicalId, process, port, queue);
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

    /** True when no asynchronous invocation waits, runs or waits for its retry. */
    boolean idle() {
        return pendingAsync.get() == 0;
    }

    /** Asynchronous invocations that failed and wait for (or run) a retry. */
    int retrying() {
        return retrying.get();
    }

    /** Invocations cut short because their function's process was killed. */
    int cut() {
        return cut.get();
    }

    /** SIGKILL to the function's process, then a new one: invocations from now on go to it. */
    void killAndStartAgain(Function function) {
        function.process = function.process.killAndStartAgain();
    }

    /** The Lambda service's asynchronous invocation of the function named by {@code functionArnOrName}. */
    void invokeAsync(String functionArnOrName, String event) {
        Function function = function(functionArnOrName);
        Map<String, Object> config = invokeConfig(function.logicalId());
        int retries = Integer.parseInt(String.valueOf(config.getOrDefault("MaximumRetryAttempts", 2)));
        pendingAsync.incrementAndGet();
        attemptAsync(function, config, event, 1, retries);
    }

    /** One attempt in the function's queue; a failed one is queued again after its wait, the last goes to OnFailure. */
    private void attemptAsync(Function function, Map<String, Object> config, String event, int attempt, int retries) {
        function.asyncQueue().execute(() -> {
            boolean succeeded;
            try {
                succeeded = running.get() && invoke(function, event).succeeded();
            } catch (RuntimeException e) {
                failures.add(function.logicalId() + ": " + e);
                succeeded = false;
            }
            if (!succeeded && attempt <= retries && running.get()) {
                if (attempt == 1) {
                    retrying.incrementAndGet();
                }
                scheduleRetry(function, config, event, attempt, retries);
                return;
            }
            try {
                if (!succeeded) {
                    onFailure(function, config, event, attempt);
                }
            } finally {
                if (attempt > 1) {
                    retrying.decrementAndGet();
                }
                pendingAsync.decrementAndGet();
            }
        });
    }

    private void scheduleRetry(Function function, Map<String, Object> config, String event, int attempt,
                               int retries) {
        Duration wait = firstRetry.multipliedBy(1L << (attempt - 1));   // AWS: 1 min, then 2 min
        retryTimer.schedule(() -> attemptAsync(function, config, event, attempt + 1, retries), wait.toMillis(),
                TimeUnit.MILLISECONDS);
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

    /** The record the Lambda service sends to an on-failure destination after the last retry. */
    @SuppressWarnings("unchecked")
    private void onFailure(Function function, Map<String, Object> config, String event, int invokeCount) {
        Object destination = ((Map<String, Map<String, Object>>) config.getOrDefault("DestinationConfig", Map.of()))
                .getOrDefault("OnFailure", Map.of()).get("Destination");
        if (destination == null || !running.get()) {
            return;
        }
        String queueArn = template.resolve(destination);
        String queueUrl = sqs.getQueueUrl(b -> b.queueName(queueArn.substring(queueArn.lastIndexOf(':') + 1)))
                .queueUrl();
        ObjectNode record = JSON.createObjectNode().put("version", "1.0").put("timestamp", Instant.now().toString());
        record.putObject("requestContext").put("requestId", java.util.UUID.randomUUID().toString())
                .put("functionArn", function.logicalId() + ":live").put("condition", "RetriesExhausted")
                .put("approximateInvokeCount", invokeCount);
        try {
            record.set("requestPayload", JSON.readTree(event));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        record.putObject("responseContext").put("statusCode", 200).put("functionError", "Unhandled");
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(record.toString()));
    }

    private Map<String, Object> invokeConfig(String functionId) {
        return template.resources("AWS::Lambda::EventInvokeConfig").values().stream()
                .filter(p -> functionId.equals(CloudFormation.target(p.get("FunctionName"))))
                .findFirst().orElse(Map.of());
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
        retryTimer.shutdownNow();
        for (Thread poller : pollers) {
            poller.join(5_000);
        }
        for (Function f : functions.values()) {
            f.asyncQueue().shutdownNow();
            f.process().close();
        }
    }
}
