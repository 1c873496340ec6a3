package dev.tributary.bootstrap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay's progress bar and report as a person reads them. */
class ReplayCommandTest {

    @Test
    void theBarFillsWithTheBatchesDoneAndEstimatesTheRestFromThePaceSoFar() {
        assertThat(ReplayCommand.bar(50, 100, 12_000, Duration.ofSeconds(10)))
                .startsWith("[" + "#".repeat(10) + ".".repeat(10) + "] 50/100 batches, 12,000 records, ETA 10 s");
        assertThat(ReplayCommand.bar(0, 0, 0, Duration.ZERO)).contains("0/0 batches", "ETA unknown");
        assertThat(ReplayCommand.bar(120, 100, 1, Duration.ofSeconds(3)))   // live batches joined meanwhile
                .contains("120/120 batches", "ETA 0 s");
    }

    @Test
    void theReportNamesEachTablesChangesAndEachMeasureOverTheWholeTableInOrder() throws Exception {
        String report = """
                {"switched":true,"batches":3,"transformed":2,"caughtUp":1,"records":9,"millis":1500,
                 "recordsPerSecond":6,"version":"0123456789ab","tables":[{"table":"orders_per_hour","rowsBefore":3,
                 "rowsAfter":2,"changed":1,"added":0,"removed":1,"examples":["changed: hour=10:00 country=DE"],
                 "functions":{"orders":"count","average":"avg","customers":"distinct_count"},
                 "totalsBefore":{"orders":"3","average":"12.5","customers":"3"},
                 "totalsAfter":{"orders":"2","average":"14","customers":"2"}}]}""";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ReplayCommand.print(new ObjectMapper().readTree(report), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "Replayed 3 batches (2 transformed and staged again, 1 caught up at the switch), 9 records in 1.5 s",
                "with definition version 0123456789ab",
                "orders_per_hour: 3 rows before, 2 after; 1 changed, 0 added, 1 removed",
                "  orders, total: 3 -> 2\n  average, average of all values: 12.5 -> 14\n"
                        + "  customers, summed over rows: 3 -> 2\n",
                "changed: hour=10:00 country=DE");
    }

    @Test
    void aReportOfThisProcessNamesItsFiguresAsTheApisDoes() {
        assertThat(ReplayCommand.combined("AVG")).isEqualTo(ReplayCommand.combined("avg"))
                .isEqualTo("average of all values");
        assertThat(ReplayCommand.combined("DISTINCT_COUNT")).isEqualTo("summed over rows");
        assertThat(ReplayCommand.combined("MIN")).isEqualTo("lowest");
        assertThat(ReplayCommand.combined("max")).isEqualTo("highest");
        assertThat(ReplayCommand.combined("SUM")).isEqualTo(ReplayCommand.combined("count")).isEqualTo("total");
    }
}
