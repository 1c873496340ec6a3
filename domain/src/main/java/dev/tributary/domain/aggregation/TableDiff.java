package dev.tributary.domain.aggregation;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One table's difference: rows whose measures changed, rows only the rebuild has (added), rows only the live
 * table has (removed), up to a few changed row keys by name, and each measure over the whole table before and
 * after, in the order of the measures, combined as {@code functions} says: counts and sums added up, the lowest
 * minimum, the highest maximum, the average of all values, a distinct count summed over the rows. A measure no row
 * has is left out of the totals.
 */
public record TableDiff(String table, long rowsBefore, long rowsAfter, long changed, long added, long removed,
                        List<String> examples, Map<String, MeasureFunction> functions,
                        Map<String, BigDecimal> totalsBefore, Map<String, BigDecimal> totalsAfter) {
    public TableDiff {
        Objects.requireNonNull(table, "table");
        examples = List.copyOf(examples);
        functions = ordered(functions);
        totalsBefore = ordered(totalsBefore);
        totalsAfter = ordered(totalsAfter);
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public boolean unchanged() {
        return changed == 0 && added == 0 && removed == 0;
    }
}
