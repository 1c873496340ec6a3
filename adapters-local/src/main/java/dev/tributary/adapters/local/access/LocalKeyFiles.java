package dev.tributary.adapters.local.access;

import dev.tributary.adapters.local.Fsync;
import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.domain.access.AccessGrant;
import dev.tributary.domain.access.AccessKeyList;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * The keys of a pipeline run on this machine, in two files side by side (by default in {@code <data>/keys}):
 * <ul>
 *   <li>the key list ({@value #ACCESS_KEYS}): what the pipeline checks against, SHA-256 digests only
 *   ({@link FileAccessKeys});</li>
 *   <li>{@value #MY_KEYS}: the keys themselves, readable by the file's owner only, for the person who started the
 *   pipeline, the demo traffic and the CLI; the pipeline never reads it to check a key.</li>
 * </ul>
 * {@link #ensure} gives every source an ingest key and the machine a read and an operator key when they have none, so
 * the first {@code tributary run} is closed and usable at once.
 */
public final class LocalKeyFiles {
    public static final String ACCESS_KEYS = "access-keys.txt";
    public static final String MY_KEYS = "my-keys.txt";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One key the local user holds. */
    public record HeldKey(AccessGrant grant, String key) {
        @Override
        public String toString() {
            return "HeldKey[" + grant + ", key hidden]";
        }
    }

    private final Path accessKeys;
    private final Path folder;
    private final Clock clock;

    public LocalKeyFiles(Path accessKeys, Clock clock) {
        this.accessKeys = accessKeys.toAbsolutePath();
        this.folder = this.accessKeys.getParent();
        this.clock = clock;
    }

    public Path accessKeys() {
        return accessKeys;
    }

    public Path myKeys() {
        return folder.resolve(MY_KEYS);
    }

    /** Creates the keys that are missing (an ingest key per source, a read and an operator key) and returns all held. */
    public synchronized List<HeldKey> ensure(List<SourceName> sources) {
        List<HeldKey> held = held();
        List<AccessGrant> missing = new ArrayList<>();
        for (SourceName source : sources) {
            if (held.stream().noneMatch(k -> k.grant().mayIngest(source))) {
                missing.add(AccessGrant.ingest(source, "local-" + LocalDate.now(clock)));
            }
        }
        for (Right right : List.of(Right.READ, Right.OPERATOR)) {
            if (held.stream().noneMatch(k -> k.grant().right() == right)) {
                missing.add(AccessGrant.of(right, "local-" + LocalDate.now(clock)));
            }
        }
        List<HeldKey> created = new ArrayList<>();
        for (AccessGrant grant : missing) {
            created.add(new HeldKey(grant, newKey()));
        }
        if (!created.isEmpty()) {
            add(created);
        }
        List<HeldKey> all = new ArrayList<>(held);
        all.addAll(created);
        return all;
    }

    /** Adds one new key for {@code grant} to both files and returns it; a running pipeline accepts it within seconds. */
    public synchronized HeldKey create(AccessGrant grant) {
        HeldKey key = new HeldKey(grant, newKey());
        add(List.of(key));
        return key;
    }

    /** The keys in {@value #MY_KEYS} (none when it does not exist). */
    public List<HeldKey> held() {
        Path file = myKeys();
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<HeldKey> keys = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+");
                if (line.isBlank() || line.startsWith("#") || parts.length != 4) {
                    continue;
                }
                Optional<SourceName> source = parts[1].equals("-") ? Optional.empty()
                        : Optional.of(new SourceName(parts[1]));
                keys.add(new HeldKey(new AccessGrant(Right.ofLabel(parts[0]), source, parts[2]), parts[3]));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The held ingest key of each source (the first one listed, when a source has several). */
    public Map<SourceName, String> ingestKeys() {
        Map<SourceName, String> keys = new TreeMap<>();
        for (HeldKey k : held()) {
            if (k.grant().right() == Right.INGEST) {
                keys.putIfAbsent(k.grant().source().orElseThrow(), k.key());
            }
        }
        return keys;
    }

    /** The first held key that grants {@code right} (for ingest: on {@code source}). */
    public Optional<String> keyFor(Right right, Optional<SourceName> source) {
        return held().stream().filter(k -> right == Right.INGEST ? k.grant().mayIngest(source.orElseThrow())
                : k.grant().right().covers(right) && k.grant().right() != Right.INGEST)
                .sorted((a, b) -> Integer.compare(a.grant().right().ordinal(), b.grant().right().ordinal()))
                .map(HeldKey::key).findFirst();
    }

    private void add(List<HeldKey> keys) {
        try {
            Files.createDirectories(folder);
            StringBuilder digests = new StringBuilder();
            StringBuilder plain = new StringBuilder();
            if (!Files.exists(accessKeys())) {
                digests.append("# Keys this pipeline accepts: SHA-256 of each key, right, source (- for none), label.\n")
                        .append("# Add or remove a line to add or revoke a key; a running pipeline notices within seconds.\n");
            }
            if (!Files.exists(myKeys())) {
                plain.append("# Your keys for this machine's pipeline: right, source, label, key. Keep this file private;\n")
                        .append("# the pipeline itself only stores their SHA-256 (" + ACCESS_KEYS + ").\n");
                Files.createFile(myKeys(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            for (HeldKey k : keys) {
                digests.append(AccessKeyList.line(KeyDigest.of(k.key()).hex(), k.grant())).append('\n');
                plain.append(String.join("  ", k.grant().right().label(),
                        k.grant().source().map(SourceName::value).orElse("-"), k.grant().label(), k.key())).append('\n');
            }
            // digests first: a crash in between leaves an accepted digest nobody holds, and the next ensure() makes
            // a new key; the other order would leave a held key the pipeline never accepts
            append(accessKeys(), digests.toString());
            append(myKeys(), plain.toString());
            Fsync.directory(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key files in " + folder, e);
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Fsync.file(file);
    }

    /** A new random key: 256 bits, URL-safe, recognisable by its prefix. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "trb_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
