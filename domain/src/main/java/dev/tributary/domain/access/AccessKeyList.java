package dev.tributary.domain.access;

import dev.tributary.domain.source.SourceName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The valid keys, as the SHA-256 of each key and what it grants; never the keys themselves. One text format for the
 * local key file and the AWS secret, one key per line, so a key is added or revoked by editing one line:
 * <pre>
 * # sha256 (hex)                                                     right     source   label
 * 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae   ingest    orders   shop-2026-12
 * fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9   read      -        dashboard
 * </pre>
 * Several keys may hold the same grant, so a key is rotated by adding the new one, switching clients over, and only
 * then removing the old line: no post is refused in between.
 */
public final class AccessKeyList {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final AccessKeyList EMPTY = new AccessKeyList(Map.of());

    private final Map<String, AccessGrant> byDigest;

    private AccessKeyList(Map<String, AccessGrant> byDigest) {
        this.byDigest = Collections.unmodifiableMap(byDigest);
    }

    public static AccessKeyList empty() {
        return EMPTY;
    }

    /** Reads the text format; a bad line is refused with its number, and no secret is ever echoed. */
    public static AccessKeyList parse(String text) {
        Map<String, AccessGrant> keys = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 4) {
                throw new IllegalArgumentException("key list line " + (n + 1)
                        + ": expected 'sha256 right source label', got " + parts.length + " fields");
            }
            String digest = parts[0].toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(digest).matches()) {
                throw new IllegalArgumentException("key list line " + (n + 1)
                        + ": the first field must be a key's SHA-256 as 64 hex digits, not the key itself");
            }
            AccessGrant grant;
            try {
                Right right = Right.ofLabel(parts[1]);
                Optional<SourceName> source = parts[2].equals("-") ? Optional.empty()
                        : Optional.of(new SourceName(parts[2]));
                grant = new AccessGrant(right, source, parts[3]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key list line " + (n + 1) + ": " + e.getMessage(), e);
            }
            if (keys.putIfAbsent(digest, grant) != null) {
                throw new IllegalArgumentException("key list line " + (n + 1) + ": the same key is listed twice");
            }
        }
        return new AccessKeyList(keys);
    }

    /** What the key with this SHA-256 (hex) grants, if it is listed. */
    public Optional<AccessGrant> find(String sha256Hex) {
        return Optional.ofNullable(byDigest.get(sha256Hex));
    }

    /** Whether some key carries {@code right}: a role whose callers hold none would refuse everyone. */
    public boolean grants(Right right) {
        return byDigest.values().stream().anyMatch(g -> g.right() == right);
    }

    /** The ingest sources some key may post to. */
    public List<SourceName> ingestSources() {
        return byDigest.values().stream().filter(g -> g.right() == Right.INGEST).map(g -> g.source().orElseThrow())
                .distinct().sorted().toList();
    }

    public int size() {
        return byDigest.size();
    }

    /** This list with one more key, as the text format's line for it. */
    public static String line(String sha256Hex, AccessGrant grant) {
        if (!SHA256_HEX.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
        return String.join("  ", sha256Hex, grant.right().label(),
                grant.source().map(SourceName::value).orElse("-"), grant.label());
    }

    /** The keys as lines of the text format, for writing back. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        byDigest.forEach((digest, grant) -> lines.add(line(digest, grant)));
        Collections.sort(lines);
        return lines;
    }
}
