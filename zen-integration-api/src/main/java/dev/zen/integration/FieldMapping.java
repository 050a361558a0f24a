package dev.zen.integration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which external field path each Zen field maps to, such as {@code title -> summary} and
 * {@code status -> status.name}. Zen fields without an entry are not synced.
 *
 * @param zenToExternal Zen field name to external dot path, in a stable order
 */
public record FieldMapping(Map<String, String> zenToExternal) {
    private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /** Validates every path and keeps the order. */
    public FieldMapping {
        Map<String, String> copy = new LinkedHashMap<>();
        zenToExternal.forEach((zen, ext) -> {
            if (zen == null || zen.isBlank()) throw invalid("field_mapping", "a Zen field name must not be blank");
            if (ext == null || !PATH.matcher(ext).matches()) {
                throw invalid("field_mapping." + zen, "the mapping for '" + zen + "' is not a dot path: '" + ext
                        + "' (expected something like 'summary' or 'status.name')");
            }
            copy.put(zen, ext);
        });
        zenToExternal = Collections.unmodifiableMap(copy);
    }

    /** A mapping from alternating pairs: {@code of("title", "summary", "status", "status.name")}. */
    public static FieldMapping of(String... zenAndExternal) {
        if (zenAndExternal.length % 2 != 0) {
            throw invalid("field_mapping", "FieldMapping.of takes pairs (Zen field, external path); got "
                    + zenAndExternal.length + " arguments");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < zenAndExternal.length; i += 2) m.put(zenAndExternal[i], zenAndExternal[i + 1]);
        return new FieldMapping(m);
    }

    /** The external path of a Zen field, if mapped. */
    public Optional<String> externalPath(String zenField) {
        return Optional.ofNullable(zenToExternal.get(zenField));
    }

    /** This mapping with the entries of {@code overrides} replacing or adding to its own. */
    public FieldMapping overriddenBy(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(zenToExternal);
        m.putAll(overrides);
        return new FieldMapping(m);
    }

    /** A bad mapping is a configuration error, whether it comes from YAML or from code. */
    private static IntegrationException invalid(String key, String message) {
        return IntegrationException.builder(ErrorCode.CONFIG_ERROR, key + ": " + message).detail("key", key).build();
    }
}
