package dev.tributary.application.port.out;

import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;

/** Reads producers' formats (JSON, NDJSON, CSV) and writes and reads the transformed and quarantine zones (NDJSON). */
public interface RecordCodec {

    /**
     * Splits a post into raw records, flattening nested JSON objects into dotted names.
     *
     * @throws MalformedBatchException naming the first unreadable line or record (never echoing its content)
     */
    List<RawRecord> decode(InputFormat format, byte[] payload);

    /**
     * What cleaning reads of a post: the records {@link #decode} returns, in the same order and with the same checks
     * and exceptions, each holding at least the named inputs (others may be left out, so a codec can skip decoding
     * values nobody reads). A record that cleaning rejects is quarantined whole, from {@link #decode}.
     */
    default List<RawRecord> decode(InputFormat format, byte[] payload, Set<String> inputs) {
        return decode(format, payload);
    }

    /**
     * As {@link #decode(InputFormat, byte[], Set)}, also counting, per input name the source does not read, the
     * records that have it (nested members by their dotted names): what a producer sends that no field declares.
     */
    default Decoded decodeCounting(InputFormat format, byte[] payload, Set<String> inputs) {
        List<RawRecord> records = decode(format, payload);
        return new Decoded(records, undeclared(records, inputs));
    }

    /** Per input name not in {@code inputs}, the records that have it. */
    static Map<String, Integer> undeclared(List<RawRecord> records, Set<String> inputs) {
        Map<String, Integer> counts = new HashMap<>();
        for (RawRecord r : records) {
            for (String name : r.values().keySet()) {
                if (!inputs.contains(name)) {
                    counts.merge(name, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** Records as {@link #decode(InputFormat, byte[], Set)} reads them, and the undeclared names it counted. */
    record Decoded(List<RawRecord> records, Map<String, Integer> undeclared) {
        public Decoded {
            records = List.copyOf(records);
            undeclared = Map.copyOf(undeclared);
        }
    }

    /**
     * Writes raw records back in a producer's format, so that {@link #decode} reads the same input names and texts
     * (nested JSON comes back as flat dotted names, which decode to the same records). Used to redrive quarantine.
     */
    byte[] encodeRaw(InputFormat format, List<RawRecord> records);

    /** How many records {@link #decode} returns, with the same checks and exceptions; cheaper where it can be. */
    default int count(InputFormat format, byte[] payload) {
        return decode(format, payload).size();
    }

    /** NDJSON, one clean typed record per line, with its position. */
    byte[] encodeClean(List<CleanRecord> records);

    List<CleanRecord> decodeClean(SourceDefinition source, byte[] ndjson);

    /** NDJSON, one quarantine entry per line: source, batch id, position, field, reason and the raw record. */
    byte[] encodeRejected(SourceName source, BatchId batch, List<CleaningOutcome.Rejected> rejected);

    List<CleaningOutcome.Rejected> decodeRejected(byte[] ndjson);
}
