package dev.tributary.adapters.formats.codec;

import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.SourceName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quarantine zone: NDJSON, one object per rejected record with source, batch id, 0-based position, 1-based
 * record number, field (null for whole-record reasons), reason and the raw values.
 */
final class QuarantineRecords {
    private final ZoneNdjson zone;

    QuarantineRecords(ZoneNdjson zone) {
        this.zone = zone;
    }

    byte[] encodeRejected(SourceName source, BatchId batch, List<CleaningOutcome.Rejected> rejected) {
        return zone.ndjson(rejected, (g, r) -> {
            try {
                g.writeStringField("source", source.value());
                g.writeStringField("batch_id", batch.toString());
                g.writeNumberField("position", r.at().index());
                g.writeNumberField("record", r.at().index() + 1);
                g.writeStringField("field", r.field());
                g.writeStringField("reason", r.reason());
                g.writeObjectFieldStart("raw");
                for (Map.Entry<String, String> e : r.record().values().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    List<CleaningOutcome.Rejected> decodeRejected(byte[] ndjson) {
        List<CleaningOutcome.Rejected> rejected = new ArrayList<>();
        zone.forEachObject(ndjson, (line, members) -> {
            ZoneNdjson.Member position = members.get("position");
            ZoneNdjson.Member reason = members.get("reason");
            if (position == null || reason == null) {
                throw new MalformedBatchException("line " + line + ": expected position and reason members");
            }
            RecordPosition at = new RecordPosition(position.asInt(line, "position"));
            ZoneNdjson.Member field = members.get("field");
            Map<String, String> raw = members.containsKey("raw") ? members.get("raw").raw() : Map.of();
            rejected.add(new CleaningOutcome.Rejected(at, field == null ? null : field.text(), reason.text(),
                    new RawRecord(at, raw)));
        });
        return rejected;
    }
}
