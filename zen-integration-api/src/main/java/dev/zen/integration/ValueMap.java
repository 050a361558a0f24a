package dev.zen.integration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the values of one Zen field translate to the external system's values and back, such as Zen status "Doing"
 * to Jira status "In Progress". Configured per provider and field ({@code value_maps.<field>}; see
 * {@code docs/user-guide.md#value-maps}).
 *
 * <pre>{@code
 * ValueMap status = ValueMap.builder()
 *         .value("To Do", "To Do").value("Doing", "In Progress").value("Review", "In Progress").value("Done", "Done")
 *         .writeBack("In Progress", "Doing")        // two Zen values write "In Progress": read it back as "Doing"
 *         .writeBack("category:done", "Done")       // any other Jira status of the category done reads as "Done"
 *         .unmapped(UnmappedPolicy.fail())
 *         .build();
 * }</pre>
 *
 * <p>Pushing, a Zen value with an entry in {@link #values()} is written as its external value. Pulling, an external
 * value reads as its {@link #writeBack()} entry, else as the one Zen value that maps to it (exact match first, then
 * ignoring case), else, when the item reports the value's category (the Jira plugin reports a status's category
 * {@code new}, {@code indeterminate} or {@code done}), as the {@code write_back} entry {@code category:<key>}.
 * Anything else is unmapped and follows {@link #unmapped()} (pushing) or {@link #remotePolicy()} (pulling).
 *
 * @param values         Zen value to external value, in a stable order
 * @param writeBack      external value (or {@code category:<key>}) to the Zen value it reads as; required for every
 *                       external value that several Zen values map to
 * @param unmapped       what a Zen value without an entry does when pushed; default {@link UnmappedPolicy#keep()}
 * @param unmappedRemote what an external value without an entry does when pulled; null means as {@code unmapped},
 *                       with a default read back through this map (see {@link #remotePolicy()})
 * @param userDirectory  whether the host's {@code UserDirectory} is asked for values without an entry, before the
 *                       policy applies (for user fields: Zen user to external account id)
 */
public record ValueMap(Map<String, String> values, Map<String, String> writeBack, UnmappedPolicy unmapped,
                       @Nullable UnmappedPolicy unmappedRemote, boolean userDirectory) {
    /** The prefix of a {@code write_back} key naming a category of external values rather than one value. */
    public static final String CATEGORY_PREFIX = "category:";

    /** Validates (non-blank values, many-to-one values declared in write_back, a default that reads back) and copies. */
    public ValueMap {
        values = copy(values, "values");
        writeBack = copy(writeBack, "write_back");
        unmapped = unmapped == null ? UnmappedPolicy.keep() : unmapped;
        Map<String, List<String>> sources = new LinkedHashMap<>();
        values.forEach((zen, ext) -> sources.computeIfAbsent(ext, k -> new ArrayList<>()).add(zen));
        for (Map.Entry<String, List<String>> e : sources.entrySet()) {
            if (e.getValue().size() > 1 && !writeBack.containsKey(e.getKey())) {
                throw invalid("write_back", "'" + e.getKey() + "' is the value of " + e.getValue() + "; say which one"
                        + " it reads back as, such as write_back: {\"" + e.getKey() + "\": \"" + e.getValue().get(0)
                        + "\"}");
            }
        }
        if (unmappedRemote == null && unmapped.kind() == UnmappedPolicy.Kind.DEFAULT
                && lookup(values, writeBack, unmapped.defaultValue(), null) == null) {
            throw invalid("unmapped_remote", "the default '" + unmapped.defaultValue() + "' for unmapped Zen values"
                    + " does not read back through values or write_back, so unmapped external values have no Zen"
                    + " default; set unmapped_remote (keep, skip, fail or {default: ZEN_VALUE})");
        }
    }

    /** A map from alternating pairs (Zen value, external value), keeping unmapped values. */
    public static ValueMap of(String... zenAndExternal) {
        if (zenAndExternal.length % 2 != 0) {
            throw invalid("values", "ValueMap.of takes pairs (Zen value, external value); got " + zenAndExternal.length
                    + " arguments");
        }
        Builder b = builder();
        for (int i = 0; i < zenAndExternal.length; i += 2) b.value(zenAndExternal[i], zenAndExternal[i + 1]);
        return b.build();
    }

    /** Starts an empty map (unmapped values kept). */
    public static Builder builder() {
        return new Builder();
    }

    /** The external value a Zen value is written as, if it has an entry. */
    public Optional<String> toExternal(String zenValue) {
        return Optional.ofNullable(values.get(zenValue));
    }

    /**
     * The Zen value an external value reads as, if it has an entry: its {@code write_back} entry, the one Zen value
     * mapping to it (exactly, then ignoring case), else the {@code write_back} entry of its category.
     *
     * @param category the value's category as the item reports it (such as {@code done}), or null
     */
    public Optional<String> toZen(String externalValue, @Nullable String category) {
        return Optional.ofNullable(lookup(values, writeBack, externalValue, category));
    }

    /** What an unmapped external value does when pulled: {@code unmappedRemote}, else {@code unmapped} read back. */
    public UnmappedPolicy remotePolicy() {
        if (unmappedRemote != null) return unmappedRemote;
        if (unmapped.kind() != UnmappedPolicy.Kind.DEFAULT) return unmapped;
        String zen = lookup(values, writeBack, unmapped.defaultValue(), null);
        return zen == null ? UnmappedPolicy.keep() : UnmappedPolicy.defaultTo(zen);
    }

    private static @Nullable String lookup(Map<String, String> values, Map<String, String> writeBack,
                                           @Nullable String ext, @Nullable String category) {
        if (ext == null) return null;
        String back = writeBack.get(ext);
        if (back != null) return back;
        for (Map.Entry<String, String> e : values.entrySet()) if (e.getValue().equals(ext)) return e.getKey();
        for (Map.Entry<String, String> e : writeBack.entrySet()) {
            if (e.getKey().equalsIgnoreCase(ext)) return e.getValue();
        }
        for (Map.Entry<String, String> e : values.entrySet()) if (e.getValue().equalsIgnoreCase(ext)) return e.getKey();
        if (category == null || category.isBlank()) return null;
        return writeBack.get(CATEGORY_PREFIX + category.toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> copy(@Nullable Map<String, String> map, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        if (map == null) return Collections.unmodifiableMap(out);
        map.forEach((k, v) -> {
            if (k == null || k.isBlank()) throw invalid(key, "a key must not be blank");
            if (v == null || v.isBlank()) throw invalid(key + "." + k, "the value of '" + k + "' must not be blank");
            out.put(k, v);
        });
        return Collections.unmodifiableMap(out);
    }

    private static IntegrationException invalid(String key, String message) {
        return IntegrationException.builder(ErrorCode.CONFIG_ERROR, key + ": " + message).detail("key", key).build();
    }

    /** Builds a {@link ValueMap}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> writeBack = new LinkedHashMap<>();
        private @Nullable UnmappedPolicy unmapped;
        private @Nullable UnmappedPolicy unmappedRemote;
        private boolean userDirectory;

        private Builder() {}

        /** Zen value {@code zen} is written as {@code external}. */
        public Builder value(String zen, String external) {
            values.put(zen, external);
            return this;
        }

        /** External value (or {@code category:<key>}) {@code external} reads as Zen value {@code zen}. */
        public Builder writeBack(String external, String zen) {
            writeBack.put(external, zen);
            return this;
        }

        /** What unmapped Zen values do when pushed (and, unless set apart, external values when pulled). */
        public Builder unmapped(UnmappedPolicy policy) {
            this.unmapped = policy;
            return this;
        }

        /** What unmapped external values do when pulled. */
        public Builder unmappedRemote(UnmappedPolicy policy) {
            this.unmappedRemote = policy;
            return this;
        }

        /** Ask the host's {@code UserDirectory} for values without an entry. */
        public Builder userDirectory(boolean use) {
            this.userDirectory = use;
            return this;
        }

        /** Builds and validates. */
        public ValueMap build() {
            return new ValueMap(values, writeBack, unmapped, unmappedRemote, userDirectory);
        }
    }
}
