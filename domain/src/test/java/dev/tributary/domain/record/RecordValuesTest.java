package dev.tributary.domain.record;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordValuesTest {
    private static final RecordPosition FIRST = new RecordPosition(0);
    private static final Instant AT = Instant.parse("2024-03-05T07:08:09Z");

    private static Map<String, String> ordered() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("b", "2");
        values.put("a", "1");
        return values;
    }

    @Test
    void aRecordCopiesTheMapItIsGiven() {
        Map<String, String> values = ordered();

        RawRecord record = new RawRecord(FIRST, values);
        values.put("c", "3");

        assertThat(record.values()).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
    }

    @Test
    void aRecordOwningItsMapKeepsItsOrder() {
        RawRecord record = RawRecord.owning(FIRST, ordered());

        assertThat(record.values()).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
        assertThat(record.get("a")).isEqualTo("1");
        assertThat(record.get("c")).isNull();
    }

    @Test
    void valuesAreReadOnlyHoweverTheRecordWasBuilt() {
        for (Map<String, String> values : List.of(new RawRecord(FIRST, ordered()).values(),
                RawRecord.owning(FIRST, ordered()).values())) {
            assertThatThrownBy(() -> values.put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> values.remove("a")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(values::clear).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> values.entrySet().iterator().next().setValue("9"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> values.keySet().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void anotherRecordsValuesAreTakenWithoutACopy() {
        RawRecord first = new RawRecord(FIRST, ordered());

        RawRecord again = new RawRecord(new RecordPosition(1), first.values());

        assertThat(again.values()).isSameAs(first.values());
    }

    @Test
    void recordsOfTheSameValuesAreEqualHoweverBuilt() {
        RawRecord copied = new RawRecord(FIRST, new HashMap<>(ordered()));
        RawRecord owning = RawRecord.owning(FIRST, ordered());

        assertThat(owning).isEqualTo(copied).hasSameHashCodeAs(copied);
        assertThat(owning.values()).isEqualTo(Map.of("a", "1", "b", "2")).hasToString("{b=2, a=1}");
    }

    @Test
    void aCleanRecordOwningItsMapIsReadOnlyAndOrdered() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("n", 1L);
        values.put("at", AT);

        CleanRecord record = CleanRecord.owning(FIRST, AT, values);

        assertThat(record.values()).containsExactly(Map.entry("n", 1L), Map.entry("at", AT));
        assertThat(record).isEqualTo(new CleanRecord(FIRST, AT, Map.of("n", 1L, "at", AT)));
        assertThatThrownBy(() -> record.values().put("m", 2L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesNullValues() {
        assertThatNullPointerException().isThrownBy(() -> new RawRecord(FIRST, null)).withMessage("values");
        assertThatNullPointerException().isThrownBy(() -> RawRecord.owning(FIRST, null)).withMessage("values");
        assertThatNullPointerException().isThrownBy(() -> CleanRecord.owning(FIRST, AT, null)).withMessage("values");
    }
}
