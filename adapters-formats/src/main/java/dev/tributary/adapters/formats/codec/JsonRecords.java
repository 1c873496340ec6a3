package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.source.InputFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Splits JSON (one object or an array of objects) and NDJSON (one object per non-blank line) into raw records.
 * Nested objects flatten to dotted names, arrays stay as their JSON text, numbers keep the text the producer sent,
 * and null counts as absent. Errors say where (line, column, record) and what was expected, never what was found
 * beyond its kind.
 */
final class JsonRecords {
    private static final String DUPLICATE_MEMBER = "a member name appears twice in one object";
    private final JsonFactory factory;
    /** The factory's settings without duplicate detection: the fast readers find them with {@link MemberNames}. */
    private final JsonFactory plain;

    /** Over a factory with {@code STRICT_DUPLICATE_DETECTION}, which the reference readers rely on. */
    JsonRecords(JsonFactory factory) {
        this.factory = factory;
        this.plain = MemberNames.without(factory);
    }

    /** Reads the object the parser stands at (START_OBJECT), as the record numbered {@code index} (0-based). */
    private interface RecordVisitor {
        void visit(JsonParser p, int index) throws IOException;
    }

    List<RawRecord> readJson(String text) {
        List<RawRecord> records = new ArrayList<>();
        FlatNames names = new FlatNames();
        walkJson(text, (p, index) -> records.add(record(p, index, names)));
        return records;
    }

    /**
     * How many records {@link #readJson} returns, with the same checks and messages, without building them. Only a
     * record with a dotted member name can flatten two members to one name; then the body is read in full.
     */
    int countJson(String text) {
        boolean[] dotted = {false};
        MemberNames members = new MemberNames();
        int count = walkJson(text, (p, index) -> dotted[0] |= skipRecord(p, members));
        return dotted[0] ? readJson(text).size() : count;
    }

    private int walkJson(String text, RecordVisitor visitor) {
        int[] count = {0};
        try (JsonParser p = factory.createParser(text)) {
            walkJson(p, visitor, count);
        } catch (JsonProcessingException e) {
            throw notJson(e, null, count[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count[0];
    }

    /** Walks one JSON value of objects; {@code count} holds the records read so far, for the caller's messages. */
    private static void walkJson(JsonParser p, RecordVisitor visitor, int[] count) throws IOException {
        JsonToken first = p.nextToken();
        if (first == JsonToken.START_OBJECT) {
            visitor.visit(p, count[0]);
            count[0]++;
        } else if (first == JsonToken.START_ARRAY) {
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    throw malformed(p, "record " + (count[0] + 1), "expected a JSON object, found " + kind(t));
                }
                visitor.visit(p, count[0]);
                count[0]++;
            }
        } else {
            throw malformed(p, null, "expected a JSON object or an array of objects, found " + kind(first));
        }
        if (p.nextToken() != null) {
            throw malformed(p, null, "unexpected content after the JSON value");
        }
    }

    List<RawRecord> readNdjson(String text) {
        List<RawRecord> records = new ArrayList<>();
        FlatNames names = new FlatNames();
        walkNdjson(text, (p, index) -> records.add(record(p, index, names)));
        return records;
    }

    /** As {@link #countJson}, for {@link #readNdjson}. */
    int countNdjson(String text) {
        boolean[] dotted = {false};
        MemberNames members = new MemberNames();
        int count = walkNdjson(text, (p, index) -> dotted[0] |= skipRecord(p, members));
        return dotted[0] ? readNdjson(text).size() : count;
    }

    private int walkNdjson(String text, RecordVisitor visitor) {
        int count = 0;
        int lineNumber = 0;
        for (String line : lines(text)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String where = "line " + lineNumber;
            try (JsonParser p = factory.createParser(line)) {
                JsonToken first = p.nextToken();
                if (first != JsonToken.START_OBJECT) {
                    throw new MalformedBatchException(where + ": expected a JSON object, found " + kind(first));
                }
                try {
                    visitor.visit(p, count);
                } catch (MalformedBatchException e) {
                    // each line has a parser of its own, whose lines count from 1: name the body's line
                    throw new MalformedBatchException(e.getMessage().replace("(line 1, column ",
                            "(line " + lineNumber + ", column "));
                }
                count++;                            // after the visit: an error names the record being read
                if (p.nextToken() != null) {
                    throw new MalformedBatchException(where + ": expected one JSON object per line, found more");
                }
            } catch (JsonProcessingException e) {
                throw notJson(e, where, count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    /**
     * {@link #readJson} or {@link #readNdjson} straight from well-formed UTF-8 bytes, through one parser over the
     * whole body (an NDJSON body is a sequence of root values): no decoded copy of the body, no line strings, no
     * parser per line. Null unless the body is plainly valid (NDJSON: at least one record, each an object on a line
     * of its own), so the text readers above, which name the line or record, report every error exactly as before.
     */
    List<RawRecord> readPlain(InputFormat format, byte[] utf8) {
        List<RawRecord> records = new ArrayList<>();
        FlatNames names = new FlatNames();
        int count = walkPlain(format, utf8, (p, index) -> records.add(record(p, index, names)));
        return count < 0 ? null : records;
    }

    /**
     * As {@link #readPlain}, each record holding only the named inputs: the other values are skipped by the parser,
     * not decoded into strings. Without a dotted member name two members cannot flatten to one name, so skipping
     * them misses no error; a body with one is read in full.
     */
    List<RawRecord> readPlain(InputFormat format, byte[] utf8, Set<String> inputs) {
        return readPlain(format, utf8, inputs, null);
    }

    /**
     * As {@link #readPlain(InputFormat, byte[], Set)}, counting into {@code undeclared} (when not null) the records
     * per member name not in {@code inputs}: the names the parser skips anyway, so counting costs a field increment.
     */
    List<RawRecord> readPlain(InputFormat format, byte[] utf8, Set<String> inputs, Map<String, Integer> undeclared) {
        List<RawRecord> records = new ArrayList<>();
        FlatNames names = new FlatNames(inputs);
        boolean[] dotted = {false};
        int count = walkPlain(format, utf8, (p, index) -> {
            Map<String, String> values = new LinkedHashMap<>();
            dotted[0] |= project(p, names.root, values, names, new int[1]);
            records.add(RawRecord.owning(new RecordPosition(index), values));
        });
        if (count < 0) {
            return null;
        }
        if (!dotted[0]) {
            if (undeclared != null) {
                names.root.countInto(undeclared);
            }
            return records;
        }
        List<RawRecord> full = readPlain(format, utf8);       // read in full: the counts come from the whole records
        if (undeclared != null && full != null) {
            undeclared.clear();
            undeclared.putAll(RecordCodec.undeclared(full, inputs));
        }
        return full;
    }

    /**
     * As {@link #flatten}, keeping the named inputs only; true if a member name has a dot, or a record more members
     * than a record may have: the full reader then reads the body and names the record.
     */
    private boolean project(JsonParser p, FlatName object, Map<String, String> out, FlatNames names,
                            int[] members) throws IOException {
        boolean dotted = false;
        MemberNames.Level seen = names.members.object(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (++members[0] > JacksonRecordCodec.MAX_FIELDS) {
                p.skipChildren();
                return true;
            }
            String member = p.currentName();
            if (!seen.add(member)) {
                throw twice(p, null);
            }
            dotted |= member.indexOf('.') >= 0;
            FlatName named = object.member(member);
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                dotted |= project(p, named, out, names, members);
            } else if (!named.input) {
                if (value == JsonToken.START_ARRAY) {   // a scalar's text is skipped by the next token
                    walkArray(p, null, names.members, null);
                }
                if (value != JsonToken.VALUE_NULL) {
                    named.undeclared++;
                }
            } else if (value == JsonToken.START_ARRAY) {
                out.put(named.name, arrayText(p, names.members, null));
            } else if (value != JsonToken.VALUE_NULL) {
                out.put(named.name, p.getText());
            }
        }
        return dotted;
    }

    /**
     * A member name as a reader met it in one body: its flat (dotted) name, built once; whether an input reads it;
     * the records that held it undeclared; and the members of the object it names. Records of a batch repeat their
     * members, and Jackson hands out one instance per member name, so one lookup per member and record (which hashes
     * nothing new) answers all three, where a flat name, an input check and a count were a map lookup each.
     */
    private static final class FlatName {
        private final String name;
        private final boolean input;
        private final Set<String> inputs;
        private final Map<String, FlatName> members = new HashMap<>();
        private int undeclared;

        private FlatName(String name, Set<String> inputs) {
            this.name = name;
            this.inputs = inputs;
            this.input = inputs.contains(name);
        }

        FlatName member(String member) {
            FlatName named = members.get(member);
            if (named == null) {
                named = new FlatName(name.isEmpty() ? member : name + "." + member, inputs);
                members.put(member, named);
            }
            return named;
        }

        /** Adds the records per undeclared name under this one to {@code counts}. */
        void countInto(Map<String, Integer> counts) {
            if (undeclared > 0) {
                counts.merge(name, undeclared, Integer::sum);
            }
            members.values().forEach(m -> m.countInto(counts));
        }
    }

    /** As {@link #readPlain}, the count {@link #countJson} or {@link #countNdjson} returns; -1 where that is null. */
    int countPlain(InputFormat format, byte[] utf8) {
        boolean[] dotted = {false};
        MemberNames members = new MemberNames();
        int count = walkPlain(format, utf8, (p, index) -> dotted[0] |= skipRecord(p, members));
        if (count < 0 || !dotted[0]) {
            return count;
        }
        List<RawRecord> records = readPlain(format, utf8);
        return records == null ? -1 : records.size();
    }

    private int walkPlain(InputFormat format, byte[] utf8, RecordVisitor visitor) {
        if (!autodetectsAsUtf8(utf8)) {
            return -1;
        }
        try (JsonParser p = plain.createParser(utf8)) {
            if (format == InputFormat.JSON) {
                int[] count = {0};
                walkJson(p, visitor, count);
                return count[0];
            }
            return walkNdjson(p, visitor);
        } catch (JsonProcessingException | MalformedBatchException notPlain) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Root objects, each starting on a later line than the one before ended and ending on the line it started. */
    private static int walkNdjson(JsonParser p, RecordVisitor visitor) throws IOException {
        int count = 0;
        int lastLine = 0;
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            int line = p.currentTokenLocation().getLineNr();
            if (t != JsonToken.START_OBJECT || line == lastLine) {
                return -1;
            }
            visitor.visit(p, count);
            count++;
            lastLine = p.currentTokenLocation().getLineNr();
            if (lastLine != line) {
                return -1;
            }
        }
        return count == 0 ? -1 : count;
    }

    /**
     * Jackson picks UTF-16 or UTF-32 for a body without a byte order mark whose first bytes include zeros; such a
     * (well-formed UTF-8) body is left to the text readers, which see the zeros as the characters they are.
     */
    static boolean autodetectsAsUtf8(byte[] bytes) {
        if (bytes.length < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (bytes[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** Walks the object the parser stands at as {@link #flatten} does, keeping nothing; true if a name has a dot. */
    private static boolean skipRecord(JsonParser p, MemberNames names) throws IOException {
        boolean dotted = false;
        MemberNames.Level seen = names.object(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            if (!seen.add(member)) {
                throw twice(p, null);
            }
            dotted |= member.indexOf('.') >= 0;
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                dotted |= skipRecord(p, names);
            } else if (value == JsonToken.START_ARRAY) {
                walkArray(p, null, names, null);
            }
        }
        return dotted;
    }

    /** Reads the object the parser stands at (START_OBJECT) into a flat raw record. */
    private RawRecord record(JsonParser p, int index, FlatNames names) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(names.capacity);
        flatten(p, names.root, values, index, names);
        names.capacity = Math.max(names.capacity, (int) (values.size() / 0.75f) + 1);   // the next one grows no table
        return RawRecord.owning(new RecordPosition(index), values);
    }

    private void flatten(JsonParser p, FlatName object, Map<String, String> out, int index, FlatNames names)
            throws IOException {
        MemberNames.Level seen = names.members.object(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            if (!seen.add(member)) {
                throw twice(p, "record " + (index + 1));
            }
            FlatName named = object.member(member);
            String name = named.name;
            JsonToken value = p.nextToken();
            String text = switch (value) {
                case START_OBJECT -> {
                    flatten(p, named, out, index, names);
                    yield null;
                }
                case START_ARRAY -> arrayText(p, names.members, "record " + (index + 1));
                case VALUE_NULL -> null;
                // getText() keeps numbers exactly as sent ("12.50" stays "12.50", no exponent surprises)
                default -> p.getText();
            };
            if (text != null && out.put(name, text) != null) {
                throw malformed(p, "record " + (index + 1), "two members flatten to the same dotted name");
            }
            if (out.size() > JacksonRecordCodec.MAX_FIELDS) {
                throw malformed(p, "record " + (index + 1), "has more than " + JacksonRecordCodec.MAX_FIELDS
                        + " fields");
            }
        }
    }

    /**
     * What a reader keeps while it reads one body: the names it met ({@link FlatName}, from the root object down),
     * the member names of the objects it is inside, and the map capacity the body's records needed so far.
     */
    private static final class FlatNames {
        private int capacity = 16;
        private final MemberNames members = new MemberNames();
        private final FlatName root;

        /** For a reader that keeps every member. */
        FlatNames() {
            this(Set.of());
        }

        /** For a reader that keeps the members {@code inputs} name. */
        FlatNames(Set<String> inputs) {
            this.root = new FlatName("", inputs);
        }
    }

    /** The JSON text of the array the parser stands at (START_ARRAY), read to its end; {@code record} for errors. */
    private String arrayText(JsonParser p, MemberNames names, String record) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(out)) {
            walkArray(p, g, names, record);
        }
        return out.toString();
    }

    /**
     * Reads the array the parser stands at (START_ARRAY) to its end, copying every token to {@code g} if not null (as
     * {@link JsonGenerator#copyCurrentStructure} does), and throws if an object in it has a member name twice.
     */
    private static void walkArray(JsonParser p, JsonGenerator g, MemberNames names, String record)
            throws IOException {
        int open = 0;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == JsonToken.START_OBJECT) {
                names.object(p);
            } else if (t == JsonToken.FIELD_NAME && !names.add(p)) {
                throw twice(p, record);
            }
            if (g != null) {
                g.copyCurrentEvent(p);
            }
            open += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
            if (open == 0) {
                return;
            }
            t = p.nextToken();
            if (t == null) {
                throw malformed(p, record, "unexpected end of input, expected the rest of a JSON value");
            }
        }
    }

    private static MalformedBatchException malformed(JsonParser p, String record, String what) {
        JsonLocation at = p.currentTokenLocation();
        String where = (record == null ? "" : record + " ") + "(line " + at.getLineNr() + ", column "
                + at.getColumnNr() + ")";
        return new MalformedBatchException(where.strip() + ": " + what);
    }

    /**
     * A member name given twice in one object, as the parsers of the reference readers report it (they find it first;
     * the fast readers' parsers leave it to {@link MemberNames}, and a fast reader's error sends the body to them).
     */
    private static MalformedBatchException twice(JsonParser p, String record) {
        return malformed(p, record, DUPLICATE_MEMBER);
    }

    /** Jackson's own messages quote the offending text, so only its location and kind are kept. */
    private static MalformedBatchException notJson(JsonProcessingException e, String line, int recordsRead) {
        JsonLocation at = e.getLocation();
        String where = line != null
                ? line + (at == null ? "" : ", column " + at.getColumnNr())
                : "record " + (recordsRead + 1) + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                        + at.getColumnNr() + ")");
        String what = e instanceof JsonEOFException ? "unexpected end of input, expected the rest of a JSON value"
                : e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                ? DUPLICATE_MEMBER
                : e instanceof StreamConstraintsException ? JacksonRecordCodec.LIMITS_EXCEEDED : "not valid JSON";
        return new MalformedBatchException(where + ": " + what, null);
    }

    static String kind(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "unexpected token";
        };
    }

    /**
     * The lines of {@code text}, split exactly as {@link String#lines()} splits them. Without a {@code '\r'} (the
     * usual NDJSON body) the split runs on the {@code String.indexOf} intrinsic: {@code lines()}'s char-by-char scan
     * was the top frame of the ingest server under batch load.
     */
    static Iterable<String> lines(String text) {
        if (text.indexOf('\r') >= 0) {
            return text.lines()::iterator;
        }
        return () -> new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < text.length();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int end = text.indexOf('\n', from);
                if (end < 0) {
                    end = text.length();
                }
                String line = text.substring(from, end);
                from = end + 1;
                return line;
            }
        };
    }
}
