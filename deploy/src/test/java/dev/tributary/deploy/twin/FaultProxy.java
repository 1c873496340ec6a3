package dev.tributary.deploy.twin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of one of the twin's AWS endpoints (S3Proxy or ElasticMQ) that fails on demand, as the real
 * endpoint may: while a {@link Fault} is set, every new connection gets it instead of the endpoint, one request per
 * connection (the answer says {@code Connection: close}):
 * <ul>
 *   <li>{@link Fault#INTERNAL_ERROR}: 500 with the service's own error body ({@code InternalError});</li>
 *   <li>{@link Fault#SLOW_DOWN}: 503 {@code SlowDown} (S3's throttling answer; SQS gets 503 {@code ServiceUnavailable});</li>
 *   <li>{@link Fault#HANG}: the connection is accepted and never answered, so the client waits until its socket
 *       timeout (the SDK's 30 s) and tries again.</li>
 * </ul>
 * Setting a fault, or clearing it, closes every connection open at that moment: clients' pooled connections then meet
 * the fault at once, and hung ones learn it is over (a request cut this way may have reached the endpoint, so its
 * retry is a duplicate, as with a real dropped connection). Without a fault, bytes pass through untouched.
 */
final class FaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final int MAX_HEAD = 64 * 1024;

    enum Fault { NONE, INTERNAL_ERROR, SLOW_DOWN, HANG }

    /** Whose error bodies the proxy speaks. */
    enum Service { S3, SQS }

    private final String name;
    private final Service service;
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "twin-fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong faulted = new AtomicLong();
    private volatile Fault fault = Fault.NONE;

    FaultProxy(String name, Service service, URI target) {
        this.name = name;
        this.service = service;
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("fault proxy " + name + " cannot listen", e);
        }
        Thread acceptor = new Thread(this::accept, "twin-fault-proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on every new connection gets {@code next} ({@link Fault#NONE}: the endpoint again). */
    void inject(Fault next) {
        fault = next;
        open.forEach(FaultProxy::closeQuietly);
        LOG.atInfo().addKeyValue("proxy", name).addKeyValue("fault", next).log("fault proxy switched");
    }

    /** Requests answered with a fault, and connections held unanswered. */
    long faultsInjected() {
        return faulted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                connections.execute(() -> handle(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.atWarn().addKeyValue("proxy", name).addKeyValue("error", e.toString()).log("accept failed");
                }
            }
        }
    }

    private void handle(Socket client) {
        Fault now = fault;
        try {
            switch (now) {
                case NONE -> pass(client);
                case HANG -> hang(client);
                default -> answer(client, now);
            }
        } catch (IOException e) {
            // the client or the proxy closed the connection: nothing to answer
        } finally {
            closeQuietly(client);
            open.remove(client);
        }
    }

    private void pass(Socket client) throws IOException {
        try (Socket upstream = new Socket()) {
            open.add(upstream);
            try {
                upstream.connect(target, 2_000);
                connections.execute(() -> copy(upstream, client));
                copy(client, upstream);
            } finally {
                open.remove(upstream);
            }
        }
    }

    /** Copies until either side ends, then closes both. */
    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Reads and drops whatever the client sends, and never answers, until the connection is closed. */
    private void hang(Socket client) throws IOException {
        faulted.incrementAndGet();
        client.getInputStream().transferTo(OutputStream.nullOutputStream());
    }

    private void answer(Socket client, Fault now) throws IOException {
        String head = readHead(client.getInputStream());
        // a body that waits for "100 Continue" is never sent: the final answer comes instead, as a server may
        if (!head.toLowerCase(Locale.ROOT).contains("expect: 100-continue")) {
            client.setSoTimeout(2_000);
            client.getInputStream().readNBytes((int) Math.min(contentLength(head), 16L * 1024 * 1024));
        }
        faulted.incrementAndGet();
        int status = now == Fault.INTERNAL_ERROR ? 500 : 503;
        byte[] body = errorBody(now).getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 " + status + (status == 500 ? " Internal Server Error" : " Service Unavailable")
                + "\r\nContent-Type: " + (service == Service.S3 ? "application/xml" : "application/x-amz-json-1.0")
                + (service == Service.SQS ? "\r\nx-amzn-query-error: " + errorCode(now) + ";Receiver" : "")
                + "\r\nx-amz-request-id: TWIN-FAULT\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private String errorCode(Fault f) {
        return switch (f) {
            case INTERNAL_ERROR -> "InternalError";
            case SLOW_DOWN -> service == Service.S3 ? "SlowDown" : "ServiceUnavailable";
            default -> throw new IllegalArgumentException(f.name());
        };
    }

    private String errorBody(Fault f) {
        String code = errorCode(f);
        String message = f == Fault.SLOW_DOWN ? "Please reduce your request rate." : "We encountered an internal error. Please try again.";
        return service == Service.S3
                ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message><RequestId>TWIN-FAULT</RequestId></Error>"
                : "{\"__type\":\"com.amazonaws.sqs#" + code + "\",\"message\":\"" + message + "\"}";
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the request head ended");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(FaultProxy::closeQuietly);
        connections.shutdownNow();
    }
}
