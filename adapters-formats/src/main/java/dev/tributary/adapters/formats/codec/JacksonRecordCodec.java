package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.util.List;
import java.util.Set;

/**
 * The {@link RecordCodec} of every deployment, on Jackson: {@link InputRecords}, {@link TransformedRecords} and
 * {@link QuarantineRecords} over the zones' shared {@link ZoneNdjson}.
 * <ul>
 *   <li>Input (UTF-8, a leading BOM is ignored; an empty body is malformed): JSON is one object or an array of
 *   objects, NDJSON one object per non-blank line, CSV a header row then RFC 4180 rows. Nested objects flatten to
 *   dotted names, arrays keep their JSON text, numbers keep the producer's text, null and empty CSV cells are
 *   absent.</li>
 *   <li>Transformed zone: NDJSON, one object per clean record, {@code _position} first, decimals as strings (so
 *   the scale survives any reader), timestamps as ISO-8601 instants.</li>
 *   <li>Quarantine zone: NDJSON, one object per rejected record with source, batch id, 0-based position, 1-based
 *   record number, field (null for whole-record reasons), reason and the raw values.</li>
 * </ul>
 * Every decode failure is a {@link MalformedBatchException} naming the line or record, never its content.
 */
public final class JacksonRecordCodec implements RecordCodec {
    /**
     * Nesting a record may have: deeper JSON is refused before any of it is read into memory. Every zone's records
     * are flat (nested members become dotted names), so the limit only ever refuses input.
     */
    static final int MAX_NESTING = 32;
    /**
     * Fields one record may have, nested members counted once flattened (CSV: header columns). A source declares
     * far fewer; the limit keeps a single record of a large body from becoming a map of a million entries.
     */
    static final int MAX_FIELDS = 1_000;
    /** Digits a number may have (the staged zone's decimals hold 18; cleaning names a field that is too long). */
    static final int MAX_NUMBER_DIGITS = 100;
    static final String LIMITS_EXCEEDED = "nested more than " + MAX_NESTING + " levels deep, or a number longer than "
            + MAX_NUMBER_DIGITS + " digits";

    private final ZoneNdjson zone = new ZoneNdjson(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(MAX_NUMBER_DIGITS).build())
            .build());
    private final InputRecords input = new InputRecords(zone);
    private final TransformedRecords transformed = new TransformedRecords(zone);
    private final QuarantineRecords quarantine = new QuarantineRecords(zone);

    @Override
    public List<RawRecord> decode(InputFormat format, byte[] payload) {
        return input.decode(format, payload);
    }

    @Override
    public List<RawRecord> decode(InputFormat format, byte[] payload, Set<String> inputs) {
        return input.decode(format, payload, inputs);
    }

    @Override
    public Decoded decodeCounting(InputFormat format, byte[] payload, Set<String> inputs) {
        return input.decodeCounting(format, payload, inputs);
    }

    @Override
    public byte[] encodeRaw(InputFormat format, List<RawRecord> records) {
        return input.encodeRaw(format, records);
    }

    @Override
    public int count(InputFormat format, byte[] payload) {
        return input.count(format, payload);
    }

    @Override
    public byte[] encodeClean(List<CleanRecord> records) {
        return transformed.encodeClean(records);
    }

    @Override
    public List<CleanRecord> decodeClean(SourceDefinition source, byte[] ndjson) {
        return transformed.decodeClean(source, ndjson);
    }

    @Override
    public byte[] encodeRejected(SourceName source, BatchId batch, List<CleaningOutcome.Rejected> rejected) {
        return quarantine.encodeRejected(source, batch, rejected);
    }

    @Override
    public List<CleaningOutcome.Rejected> decodeRejected(byte[] ndjson) {
        return quarantine.decodeRejected(ndjson);
    }

    /** The readers whose fast paths the tests hold against their reference readers. */
    InputRecords input() {
        return input;
    }

    TransformedRecords transformed() {
        return transformed;
    }
}
