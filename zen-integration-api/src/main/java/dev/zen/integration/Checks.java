package dev.zen.integration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the value types. Not API. */
final class Checks {
    private Checks() {}

    static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /**
     * A service argument that must be a non-blank string; otherwise {@link ErrorCode#INVALID_DATA} naming it (details
     * {@code argument}), so a bad call fails the same way at every public method.
     */
    static String requireArgument(@Nullable String value, String name) {
        if (value == null) throw invalidArgument(name, name + " must not be null");
        if (value.isBlank()) throw invalidArgument(name, name + " must not be blank, got '" + value + "'");
        return value;
    }

    /** A service argument that must not be null; otherwise {@link ErrorCode#INVALID_DATA} naming it. */
    static <T> T requireArgument(@Nullable T value, String name) {
        if (value == null) throw invalidArgument(name, name + " must not be null");
        return value;
    }

    static IntegrationException invalidArgument(String name, String message) {
        return IntegrationException.builder(ErrorCode.INVALID_DATA, message).detail("argument", name).build();
    }

    static <T> List<T> copyList(@Nullable List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static <K, V> Map<K, V> copyMap(@Nullable Map<K, V> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }

    /**
     * A deep, unmodifiable copy of a JSON-like value: null, String, Boolean, Number, List or Map with String keys.
     * Anything else is refused, so value types stay immutable.
     */
    static @Nullable Object copyJson(@Nullable Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) out.add(copyJson(list.get(i), path + "[" + i + "]"));
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException(path + ": map keys must be strings");
                }
                out.put(key, copyJson(e.getValue(), path + "." + key));
            }
            return Collections.unmodifiableMap(out);
        }
        throw new IllegalArgumentException(path + ": not a JSON value: " + value.getClass().getName());
    }

    @SuppressWarnings("unchecked")
    static Map<String, @Nullable Object> copyJsonObject(@Nullable Map<String, ?> map, String name) {
        return map == null ? Map.of() : (Map<String, @Nullable Object>) copyJson(map, name);
    }

    static long requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }
}
