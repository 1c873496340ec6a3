package dev.tributary.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Synthetic {@code web_clicks} events as a tracking snippet posts them (NDJSON, ~500 bytes each): the fields the
 * source reads plus the extras real snippets send and the cleaner ignores (user agent, locale, UTM tags). Sessions
 * come from a pool, so distinct counts and upserts hit existing rows as they would in production. Event ids are
 * unique per generator. Not thread-safe: one generator per thread.
 */
final class ClickEvents {
    static final String SOURCE = "web_clicks";
    static final String CONTENT_TYPE = "application/x-ndjson";
    private static final int SESSIONS = 20_000;
    private static final List<String> PAGES = List.of("/", "/search", "/cart", "/checkout", "/checkout/payment",
            "/account", "/account/orders", "/help", "/help/shipping", "/help/returns", "/blog", "/blog/spring-trends",
            "/products/shoes", "/products/shoes/runner-2", "/products/shoes/trail-x", "/products/jackets",
            "/products/jackets/rain-pro", "/products/bags", "/products/bags/city-tote", "/products/hats",
            "/sale", "/sale/outlet", "/stores", "/stores/berlin", "/stores/paris", "/about", "/careers", "/contact");
    private static final List<String> DEVICES = List.of("desktop", "mobile", "mobile", "tablet", "other");
    private static final List<String> REFERRERS = List.of("www.google.com", "www.bing.com", "t.co", "direct",
            "newsletter.example.com", "www.facebook.com");
    private static final List<String> AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15");
    private static final List<String> LOCALES = List.of("de-DE", "fr-FR", "nl-NL", "en-GB", "es-ES");

    /** The shipped {@code web_clicks} YAML, and the same with session ids upper-cased: a change every record feels. */
    record Definitions(String shipped, String changed) {
        static Definitions load() throws java.io.IOException {
            String file = "sources/" + SOURCE + ".yml";
            String shipped;
            try (java.io.InputStream in = ClickEvents.class.getClassLoader().getResourceAsStream(file)) {
                shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String changed = shipped.replaceFirst(
                    "(name: session_id\\s+type: string\\s+required: true\\s+rules: \\[trim)\\]", "$1, uppercase]");
            if (changed.equals(shipped)) {
                throw new IllegalStateException("the shipped " + file + " no longer has the session_id rule to change");
            }
            return new Definitions(shipped, changed);
        }
    }

    private final Random random;
    private final String idPrefix;
    private long sequence;

    ClickEvents(long seed) {
        this.random = new Random(seed);
        this.idPrefix = Long.toHexString(seed) + "-";
    }

    /** {@code events} lines, all with event time {@code at}. */
    byte[] batch(int events, Instant at) {
        StringBuilder out = new StringBuilder(events * 520);
        String ts = at.toString();
        for (int i = 0; i < events; i++) {
            appendEvent(out, ts);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void appendEvent(StringBuilder out, String ts) {
        String page = pick(PAGES);
        out.append("{\"event_id\":\"").append(idPrefix).append(sequence++)
                .append("\",\"session_id\":\"s-").append(random.nextInt(SESSIONS))
                .append("\",\"ts\":\"").append(ts)
                .append("\",\"device\":\"").append(pick(DEVICES))
                .append("\",\"load_time_ms\":").append(80 + random.nextInt(2400))
                .append(",\"page\":{\"path\":\"").append(page)
                .append("\",\"referrer_host\":\"").append(pick(REFERRERS))
                .append("\",\"title\":\"Tributary Shop - ").append(page.length() > 1 ? page.substring(1) : "home")
                .append("\"},\"user_agent\":\"").append(pick(AGENTS))
                .append("\",\"locale\":\"").append(pick(LOCALES))
                .append("\",\"viewport\":{\"w\":").append(360 + random.nextInt(1560))
                .append(",\"h\":").append(640 + random.nextInt(800))
                .append("},\"utm\":{\"source\":\"newsletter\",\"medium\":\"email\",\"campaign\":\"spring_sale_")
                .append(random.nextInt(12)).append("\"},\"consent\":\"analytics,functional\"}\n");
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
