package dev.tributary.adapters.postgres;

import dev.tributary.domain.aggregation.AggregateKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The distinct values one rebuild has written to its side tables, remembered so a later group does not send them
 * again: a replay folds batches in receive order, the batches of one bucket sit in many groups, and each group would
 * otherwise have PostgreSQL look up, and turn away, every value an earlier group wrote (in the replay figure, 1.5 of
 * the 2.4 million values sent). The inserts still say {@code ON CONFLICT DO NOTHING} and counts still come from what
 * PostgreSQL inserted, so what is remembered only saves work and never decides a count: forgetting (the budget is
 * full; the process restarted and resumes the rebuild) costs lookups, not exactness. Values are remembered only
 * once the transaction that wrote them committed. Not thread-safe: a rebuild adds one group at a time.
 */
final class SentDistinctValues {
    /** About 100 MB of strings at most; past it everything is forgotten and remembering starts over. */
    static final int BUDGET = 1_000_000;

    private final int budget;
    private final Map<String, Map<AggregateKey, Set<String>>> bySide = new HashMap<>();
    private int size;

    SentDistinctValues(int budget) {
        this.budget = budget;
    }

    /** No value is remembered: every one is sent (the live tables, a switch-over's catch-up). */
    static final Writes NONE = new Writes(null);

    /** What one transaction is about to send; {@link Writes#committed} adds it to what is remembered. */
    Writes begin() {
        return new Writes(this);
    }

    /** The values one transaction sends, side table by side table. */
    static final class Writes {
        private final SentDistinctValues sent;
        private final List<Sent> pending = new ArrayList<>();

        private Writes(SentDistinctValues sent) {
            this.sent = sent;
        }

        /**
         * Of {@code values} (the row {@code key} of side table {@code side}), those not known to be written, in a new
         * list the caller may sort.
         */
        List<String> unsent(String side, AggregateKey key, Collection<String> values) {
            if (sent == null) {
                return new ArrayList<>(values);
            }
            Set<String> known = sent.bySide.getOrDefault(side, Map.of()).getOrDefault(key, Set.of());
            List<String> unsent = new ArrayList<>(known.isEmpty() ? values.size() : 16);
            for (String v : values) {
                if (!known.contains(v)) {
                    unsent.add(v);
                }
            }
            if (!unsent.isEmpty()) {
                pending.add(new Sent(side, key, unsent));
            }
            return unsent;
        }

        /** The transaction committed: its values are in the side tables now. */
        void committed() {
            if (sent == null) {
                return;
            }
            for (Sent p : pending) {
                if (sent.size + p.values().size() > sent.budget) {
                    sent.bySide.clear();
                    sent.size = 0;
                }
                Set<String> known = sent.bySide.computeIfAbsent(p.side(), s -> new HashMap<>())
                        .computeIfAbsent(p.key(), k -> new HashSet<>());
                for (String v : p.values()) {
                    if (known.add(v)) {
                        sent.size++;
                    }
                }
            }
            pending.clear();
        }
    }

    private record Sent(String side, AggregateKey key, List<String> values) {
    }
}
