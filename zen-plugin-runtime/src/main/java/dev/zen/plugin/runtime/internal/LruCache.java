package dev.zen.plugin.runtime.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small size-bounded cache, least recently used out first: a synchronized access-ordered {@link LinkedHashMap}.
 * The runtime's two caches (parsed manifests, compiled modules) hold a handful of entries and see a few operations
 * per load; Caffeine, which the core uses for its busy caches, costs a cold JVM more class loading and set-up than
 * such a cache is worth before a plugin's first call (see docs/benchmarks.md, Cold plugin load).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class LruCache<K, V> {
    private final Map<K, V> map;

    /** A cache keeping at most {@code maximumSize} entries (0 keeps none). */
    LruCache(long maximumSize) {
        int max = (int) Math.min(Math.max(0, maximumSize), Integer.MAX_VALUE);
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /** The value of {@code key}, or null. */
    synchronized V get(K key) {
        return map.get(key);
    }

    /** Stores {@code value} unless {@code key} has one; returns the one kept (the earlier or this). */
    synchronized V putIfAbsent(K key, V value) {
        V earlier = map.get(key);
        if (earlier != null) return earlier;
        map.put(key, value);
        return value;
    }

    /** Forgets {@code key}. */
    synchronized void remove(K key) {
        map.remove(key);
    }

    /** Forgets everything. */
    synchronized void clear() {
        map.clear();
    }
}
