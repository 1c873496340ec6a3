package dev.tributary.domain.batch;

import dev.tributary.domain.source.InputFormat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Small posts of one source travel as one batch (invariant 1, group commit). Their bodies are joined into one body
 * of the source's own format that holds every record's bytes as received, in arrival order, so the raw zone stays
 * readable with the format's usual tools:
 * <ul>
 *   <li>NDJSON: the bodies one after the other, each ending with a line break;</li>
 *   <li>JSON: one array of the bodies' objects (an array body contributes its elements);</li>
 *   <li>CSV: the header once, then every body's rows; only bodies with the same header line share a group.</li>
 * </ul>
 * One body alone is kept byte for byte. A leading UTF-8 byte order mark is dropped from every body but the first
 * (for JSON from every body).
 */
public final class GroupedBody {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private GroupedBody() {
    }

    /**
     * What bodies must share to be joined (an opaque text), or empty when this body travels alone: a JSON body that is not an object
     * or an array, or a CSV body whose header line is blank or quoted (a quoted header could span lines).
     */
    public static Optional<String> key(InputFormat format, byte[] body) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(body, "body");
        int start = bomLength(body);
        return switch (format) {
            case NDJSON -> Optional.of("");
            case JSON -> {
                int first = skipWhitespace(body, start, body.length);
                yield first < body.length && (body[first] == '{' || body[first] == '[') ? Optional.of("")
                        : Optional.empty();
            }
            case CSV -> {
                int end = lineEnd(body, start);
                boolean blank = true;
                for (int i = start; i < end; i++) {
                    if (body[i] == '"') {
                        yield Optional.empty();
                    }
                    blank &= body[i] == ' ' || body[i] == '\t';
                }
                yield blank ? Optional.empty() : Optional.of(HexFormat.of().formatHex(body, start, end));
            }
        };
    }

    /** One body holding the records of {@code bodies} in order; the bodies must share a {@link #key}. */
    public static byte[] join(InputFormat format, List<byte[]> bodies) {
        Objects.requireNonNull(format, "format");
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("nothing to join");
        }
        if (bodies.size() == 1) {
            return bodies.get(0);
        }
        Optional<String> key = key(format, bodies.get(0));
        for (byte[] body : bodies) {
            if (key.isEmpty() || !key.equals(key(format, body))) {
                throw new IllegalArgumentException("bodies of different groups cannot be joined (" + format + ")");
            }
        }
        Bytes out = new Bytes(bodies.stream().mapToInt(b -> b.length + 2).sum() + 4);
        switch (format) {
            case NDJSON -> {
                appendLines(out, bodies.get(0), 0);
                bodies.subList(1, bodies.size()).forEach(body -> appendLines(out, body, bomLength(body)));
            }
            case CSV -> {
                appendLines(out, bodies.get(0), 0);
                for (byte[] body : bodies.subList(1, bodies.size())) {
                    appendLines(out, body, afterLineBreak(body, lineEnd(body, bomLength(body))));
                }
            }
            case JSON -> joinJson(out, bodies);
        }
        return out.toByteArray();
    }

    private static void joinJson(Bytes out, List<byte[]> bodies) {
        out.write('[');
        boolean first = true;
        for (byte[] body : bodies) {
            int from = skipWhitespace(body, bomLength(body), body.length);
            int to = trimEnd(body, from, body.length);
            if (body[from] == '[' && to - from >= 2 && body[to - 1] == ']') {
                from = skipWhitespace(body, from + 1, to - 1);
                to = trimEnd(body, from, to - 1);
            }
            if (from == to) {
                continue;   // an empty array adds no record
            }
            if (!first) {
                out.write(',');
            }
            out.write('\n');
            out.write(body, from, to - from);
            first = false;
        }
        out.write('\n');
        out.write(']');
        out.write('\n');
    }

    /** Appends {@code body} from {@code from}, ending with a line break. */
    private static void appendLines(Bytes out, byte[] body, int from) {
        out.write(body, from, body.length - from);
        if (body.length > from && body[body.length - 1] != '\n') {
            out.write('\n');
        }
    }

    /** A growing byte array (the domain does no I/O, so no streams). */
    private static final class Bytes {
        private byte[] bytes;
        private int size;

        Bytes(int capacity) {
            bytes = new byte[capacity];
        }

        void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void write(byte[] from, int offset, int length) {
            ensure(length);
            System.arraycopy(from, offset, bytes, size, length);
            size += length;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }

    private static int bomLength(byte[] body) {
        return body.length >= 3 && Arrays.equals(body, 0, 3, BOM, 0, 3) ? 3 : 0;
    }

    /** Index of the first CR or LF at or after {@code from}, or the body's length. */
    private static int lineEnd(byte[] body, int from) {
        int i = from;
        while (i < body.length && body[i] != '\n' && body[i] != '\r') {
            i++;
        }
        return i;
    }

    private static int afterLineBreak(byte[] body, int end) {
        if (end < body.length && body[end] == '\r') {
            end++;
        }
        return end < body.length && body[end] == '\n' ? end + 1 : end;
    }

    private static int skipWhitespace(byte[] body, int from, int to) {
        int i = from;
        while (i < to && isJsonWhitespace(body[i])) {
            i++;
        }
        return i;
    }

    private static int trimEnd(byte[] body, int from, int to) {
        int i = to;
        while (i > from && isJsonWhitespace(body[i - 1])) {
            i--;
        }
        return i;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
