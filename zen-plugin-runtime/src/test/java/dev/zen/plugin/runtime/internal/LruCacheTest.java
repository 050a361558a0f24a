package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LruCacheTest {
    @Test
    void givenAFullCacheWhenOneMoreIsStoredThenTheLeastRecentlyUsedGoes() {
        LruCache<String, Integer> cache = new LruCache<>(2);
        cache.putIfAbsent("a", 1);
        cache.putIfAbsent("b", 2);
        cache.get("a");

        cache.putIfAbsent("c", 3);

        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isEqualTo(1);
        assertThat(cache.get("c")).isEqualTo(3);
    }

    @Test
    void givenAKeyWithAValueWhenAnotherIsStoredThenTheFirstIsKeptAndReturned() {
        LruCache<String, Integer> cache = new LruCache<>(4);
        assertThat(cache.putIfAbsent("a", 1)).isEqualTo(1);

        assertThat(cache.putIfAbsent("a", 2)).isEqualTo(1);
        assertThat(cache.get("a")).isEqualTo(1);
    }

    @Test
    void givenSizeZeroWhenStoredThenNothingIsKeptButTheValueIsReturned() {
        LruCache<String, Integer> cache = new LruCache<>(0);

        assertThat(cache.putIfAbsent("a", 1)).isEqualTo(1);
        assertThat(cache.get("a")).isNull();
    }

    @Test
    void givenEntriesWhenRemovedOrClearedThenTheyAreGone() {
        LruCache<String, Integer> cache = new LruCache<>(4);
        cache.putIfAbsent("a", 1);
        cache.putIfAbsent("b", 2);

        cache.remove("a");
        assertThat(cache.get("a")).isNull();
        cache.clear();
        assertThat(cache.get("b")).isNull();
    }
}
