package dev.tributary.domain.aggregation;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * A measure's distinct values, read-only, over a hash set its builder handed over (a batch's fold, a group's merge)
 * and no longer touches, so a {@link MeasureState} takes it without copying; any other set given to a state is
 * copied.
 */
final class DistinctValues extends AbstractSet<String> {
    private final Set<String> values;

    private DistinctValues(HashSet<String> values) {
        this.values = values;
    }

    /** {@code values} becomes the new set's: the caller must not change it afterwards. */
    static Set<String> handedOver(HashSet<String> values) {
        return values.isEmpty() ? Set.of() : new DistinctValues(values);
    }

    /** The same set when it was handed over or is immutable already, else a copy. */
    static Set<String> of(Set<String> values) {
        return values instanceof DistinctValues ? values : Set.copyOf(values);
    }

    @Override
    public boolean contains(Object o) {
        return values.contains(o);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public Iterator<String> iterator() {
        return Collections.unmodifiableSet(values).iterator();
    }
}
