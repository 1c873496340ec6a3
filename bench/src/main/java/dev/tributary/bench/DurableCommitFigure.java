package dev.tributary.bench;

import dev.tributary.adapters.formats.catalog.YamlSourceCatalog;
import dev.tributary.adapters.local.db.EmbeddedDatabase;
import dev.tributary.adapters.local.db.EmbeddedDatabase.Commits;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.bench.PostgresFigure.PreparedBatch;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What invariant 10 costs: the wired aggregate store ({@code applyAll}, as the aggregators call it) against an
 * embedded PostgreSQL that commits durably (fsync and synchronous_commit on, the default) and against one that does
 * not ({@code TRIBUTARY_EMBEDDED_COMMITS=throwaway}, the setting before), both on the same disk, the same batches,
 * rounds alternating which server goes first.
 */
final class DurableCommitFigure {
    private final Path work;
    private final int batchesPerRound;
    private final int rounds;
    private final int group;

    /** {@code group}: batches per transaction (1: one aggregator notice at a time; the pool groups up to 50). */
    DurableCommitFigure(Path work, int batchesPerRound, int rounds, int group) {
        this.work = work;
        this.batchesPerRound = batchesPerRound;
        this.rounds = rounds;
        this.group = group;
    }

    Comparison run() throws IOException {
        SourceDefinition source = YamlSourceCatalog.shipped().require(new SourceName(ClickEvents.SOURCE));
        try (EmbeddedDatabase durable = EmbeddedDatabase.start(work.resolve("durable"), ChildJvm.freePort(),
                Commits.DURABLE);
             EmbeddedDatabase throwaway = EmbeddedDatabase.start(work.resolve("throwaway"), ChildJvm.freePort(),
                     Commits.THROWAWAY);
             ApplicationContext durableContext = wiredTo(durable);
             ApplicationContext throwawayContext = wiredTo(throwaway)) {
            AggregateStore durableStore = durableContext.getBean(AggregateStore.class);
            AggregateStore throwawayStore = throwawayContext.getBean(AggregateStore.class);
            durableStore.prepare(List.of(source));
            throwawayStore.prepare(List.of(source));
            List<PreparedBatch> batches = PostgresFigure.batches(source, batchesPerRound * (rounds + 1));
            List<Double> subject = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {          // round 0 warms both sides up, untimed
                List<PreparedBatch> chunk = batches.subList(round * batchesPerRound, (round + 1) * batchesPerRound);
                int rows = chunk.stream().mapToInt(PreparedBatch::rows).sum();
                boolean throwawayFirst = round % 2 == 0;
                double first = PostgresFigure.apply(throwawayFirst ? throwawayStore : durableStore, chunk, group);
                double second = PostgresFigure.apply(throwawayFirst ? durableStore : throwawayStore, chunk, group);
                if (round > 0) {
                    baseline.add(rows / (throwawayFirst ? first : second));
                    subject.add(rows / (throwawayFirst ? second : first));
                }
            }
            return new Comparison("Durable commits of the embedded PostgreSQL" + (group == 1 ? ""
                    : ", " + group + " batches per transaction"), "rows/s", subject, baseline, 0.50,
                    String.format("%d batches per side and round of 1,000 web_clicks events through the wired store;"
                            + " baseline: the same server with fsync and synchronous_commit off (before issue 13),"
                            + " same disk", batchesPerRound));
        }
    }

    private static ApplicationContext wiredTo(EmbeddedDatabase db) {
        return ApplicationContext.builder().properties(Map.of("tributary.database.url", db.jdbcUrl(),
                "tributary.database.user", db.user(), "tributary.database.pool-size", 2)).start();
    }
}
