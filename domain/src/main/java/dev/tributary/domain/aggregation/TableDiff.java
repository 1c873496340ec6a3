package dev.tributary.domain.aggregation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One table's difference: rows whose measures changed, rows only the rebuild has (added), rows only the live
 * table has (removed), up to a few changed row keys by name, and each measure's total (sum over rows) before
 * and after.
 */
public record TableDiff(String table, long rowsBefore, long rowsAfter, long changed, long added, long removed,
                        List<String> examples, Map<String, BigDecimal> totalsBefore, Map<String, BigDecimal> totalsAfter) {
    public TableDiff {
        Objects.requireNonNull(table, "table");
        examples = List.copyOf(examples);
        totalsBefore = Map.copyOf(totalsBefore);
        totalsAfter = Map.copyOf(totalsAfter);
    }

    public boolean unchanged() {
        return changed == 0 && added == 0 && removed == 0;
    }
}
