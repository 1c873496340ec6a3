package dev.tributary.adapters.postgres;

import dev.tributary.domain.aggregation.AggregateKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a rebuild remembers having written to its side tables, and when it forgets. */
class SentDistinctValuesTest {
    private static final AggregateKey HOUR = new AggregateKey(Instant.parse("2026-12-05T10:00:00Z"), List.of("DE"));
    private static final AggregateKey NEXT = new AggregateKey(Instant.parse("2026-12-05T11:00:00Z"), List.of("DE"));
    private final SentDistinctValues sent = new SentDistinctValues(4);

    @Test
    void aValueIsLeftOutOnceATransactionThatSentItCommitted() {
        SentDistinctValues.Writes first = sent.begin();
        assertThat(first.unsent("side", HOUR, List.of("a", "b"))).containsExactly("a", "b");
        assertThat(sent.begin().unsent("side", HOUR, List.of("a", "c")))
                .containsExactly("a", "c");                        // not committed yet: sent again
        first.committed();

        SentDistinctValues.Writes second = sent.begin();
        assertThat(second.unsent("side", HOUR, List.of("a", "b", "c"))).containsExactly("c");
        assertThat(second.unsent("side", NEXT, List.of("a"))).containsExactly("a");      // another row
        assertThat(second.unsent("other", HOUR, List.of("a"))).containsExactly("a");     // another side table
    }

    @Test
    void pastTheBudgetEverythingIsForgottenAndSentAgain() {
        SentDistinctValues.Writes first = sent.begin();
        first.unsent("side", HOUR, List.of("a", "b", "c"));
        first.committed();
        SentDistinctValues.Writes second = sent.begin();
        second.unsent("side", NEXT, List.of("x", "y"));                   // 3 + 2 > 4
        second.committed();

        assertThat(sent.begin().unsent("side", HOUR, List.of("a", "b"))).containsExactly("a", "b");
        assertThat(sent.begin().unsent("side", NEXT, List.of("x", "z"))).containsExactly("z");
    }

    @Test
    void noneSendsEveryValue() {
        SentDistinctValues.Writes first = sent.begin();
        first.unsent("side", HOUR, List.of("a"));
        first.committed();

        assertThat(SentDistinctValues.NONE.unsent("side", HOUR, List.of("a"))).containsExactly("a");
    }
}
