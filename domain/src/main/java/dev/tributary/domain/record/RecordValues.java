package dev.tributary.domain.record;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The read-only values of a record, over a map that only records refer to. The record constructors copy any other
 * map, so a caller's later change cannot reach a record, but take this one as it is: a record built from another
 * record's values, or through a record's {@code owning} factory, costs no copy.
 */
final class RecordValues<V> extends AbstractMap<String, V> {
    private final Map<String, V> view;

    private RecordValues(Map<String, V> owned) {
        this.view = Collections.unmodifiableMap(owned);
    }

    /** {@code values} as a record keeps them: read-only, in their iteration order, copied unless already so. */
    static <V> Map<String, V> copyOf(Map<String, V> values) {
        Objects.requireNonNull(values, "values");
        return values instanceof RecordValues<V> ? values : new RecordValues<>(new LinkedHashMap<>(values));
    }

    /** {@code owned} itself, read-only; its caller built it for one record and never changes it afterwards. */
    static <V> Map<String, V> owning(Map<String, V> owned) {
        return new RecordValues<>(Objects.requireNonNull(owned, "values"));
    }

    @Override
    public V get(Object key) {
        return view.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return view.containsKey(key);
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return view.entrySet();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super V> action) {
        view.forEach(action);
    }
}
