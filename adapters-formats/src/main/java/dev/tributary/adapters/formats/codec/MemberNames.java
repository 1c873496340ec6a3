package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The member names of the objects a fast reader is inside, one list per nesting level, to find a name given twice in
 * one object as Jackson's {@code STRICT_DUPLICATE_DETECTION} does, without the new set that feature fills for every
 * object of more than two members ({@code bench/ab.sh}: 9 % less CPU per transformed batch, 8 % per staged one, 18 %
 * per batch counted at ingest, a fifth less allocation). The fast readers' parsers come from {@link #without}; a
 * duplicate they find here sends the body to the reference reader, whose parser detects it and names the error as
 * ever. One per parser.
 */
final class MemberNames {
    private Level[] levels = new Level[4];

    /** The factory's settings with duplicate detection off, for a reader that asks this class instead. */
    static JsonFactory without(JsonFactory strict) {
        return strict.rebuild().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** Starts the object the parser has just entered (its START_OBJECT is the current token): no names yet. */
    Level object(JsonParser p) {
        int depth = p.getParsingContext().getNestingDepth();
        if (depth >= levels.length) {
            levels = Arrays.copyOf(levels, Math.max(depth + 1, levels.length * 2));
        }
        Level level = levels[depth];
        if (level == null) {
            level = new Level();
            levels[depth] = level;
        }
        level.clear();
        return level;
    }

    /**
     * Adds the name of the member the parser stands at (FIELD_NAME) to those of its object, which {@link #object}
     * started; false if the object already has one of that name.
     */
    boolean add(JsonParser p) throws IOException {
        return levels[p.getParsingContext().getNestingDepth()].add(p.currentName());
    }

    /** The names of one object so far; reused by the next object at the same depth. */
    static final class Level {
        /** Names kept in the list; an object with more (rare: a record declares a dozen or two) moves to a set. */
        private static final int LISTED = 32;
        private final String[] names = new String[LISTED];
        private int count;
        /** Bit {@code hashCode() & 63} of every listed name: a name whose bit is clear is new without a search. */
        private long hashes;
        private Set<String> many;

        private void clear() {
            count = 0;
            hashes = 0;
            many = null;
        }

        /** False if the object already has a member of this name. */
        boolean add(String name) {
            if (many != null) {
                return many.add(name);
            }
            long bit = 1L << name.hashCode();     // a long shift takes the low six bits of the hash
            if ((hashes & bit) != 0) {
                for (int i = 0; i < count; i++) {
                    if (names[i].equals(name)) {
                        return false;
                    }
                }
            }
            if (count == LISTED) {
                many = new HashSet<>(Arrays.asList(names));
                return many.add(name);
            }
            hashes |= bit;
            names[count++] = name;
            return true;
        }
    }
}
