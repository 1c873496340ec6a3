package dev.tributary.application.port.out;

import dev.tributary.domain.lake.EventRange;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RecordPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventRangeTest {
    private static final Instant TEN = Instant.parse("2026-03-14T10:00:00Z");
    private static final Instant ELEVEN = Instant.parse("2026-03-14T11:00:00Z");

    @ParameterizedTest(name = "[{0} .. {1}] overlaps [10:00, 11:00): {2}")
    @CsvSource({
            "2026-03-14T10:00:00Z, 2026-03-14T10:00:00Z, true",
            "2026-03-14T09:00:00Z, 2026-03-14T10:00:00Z, true",
            "2026-03-14T10:59:59.999Z, 2026-03-14T12:00:00Z, true",
            "2026-03-14T08:00:00Z, 2026-03-14T13:00:00Z, true",
            "2026-03-14T09:00:00Z, 2026-03-14T09:59:59.999Z, false",
            "2026-03-14T11:00:00Z, 2026-03-14T12:00:00Z, false"})
    void aRangeIncludesBothEndsAndTheBucketOnlyItsStart(Instant first, Instant last, boolean overlaps) {
        assertThat(new EventRange(first, last).overlaps(TEN, ELEVEN)).isEqualTo(overlaps);
    }

    @Test
    void theRangeOfRecordsIsTheirEarliestAndLatestEventTime() {
        List<CleanRecord> records = List.of(record(ELEVEN), record(TEN.minusSeconds(1)), record(TEN));

        assertThat(EventRange.of(records)).contains(new EventRange(TEN.minusSeconds(1), ELEVEN));
        assertThat(EventRange.of(List.of())).isEmpty();
    }

    @Test
    void aRangeEndingBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> new EventRange(ELEVEN, TEN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static CleanRecord record(Instant at) {
        return new CleanRecord(new RecordPosition(0), at, Map.of());
    }
}
