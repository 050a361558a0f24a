package dev.zen.integration.core;

import dev.zen.integration.core.internal.io.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zen.integration.DataMapper;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.ZenTasks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in {@link DataMapper}: reads JSON-like item fields through the mapping's dot paths into canonical
 * strings, and writes canonical strings back as JSON-like values ({@code labels} as an array, everything else as a
 * string, null to clear). A host mapper ({@code ZenIntegration.Builder.dataMapper}) usually delegates to it for the
 * fields it does not convert itself. Thread-safe and stateless.
 */
public final class StandardDataMapper implements DataMapper {
    private static final StandardDataMapper INSTANCE = new StandardDataMapper();

    private StandardDataMapper() {}

    /** The one instance. */
    public static DataMapper instance() {
        return INSTANCE;
    }

    @Override
    public Map<String, String> toZenFields(ExternalItem item, FieldMapping mapping) {
        Map<String, String> out = new LinkedHashMap<>();
        mapping.zenToExternal().forEach((zen, path) -> canonical(zen, item.field(path)).ifPresent(v -> out.put(zen, v)));
        return out;
    }

    @Override
    public Map<String, Object> toExternalFields(Map<String, String> zenFields, FieldMapping mapping) {
        Map<String, Object> out = new LinkedHashMap<>();
        zenFields.forEach((zen, value) -> {
            String path = mapping.externalPath(zen).orElse(zen);
            Object json = value == null ? null : zen.equals("labels") ? ZenTasks.parseLabels(value) : value;
            put(out, path.split("\\."), 0, json);
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> target, String[] steps, int i, Object value) {
        if (i == steps.length - 1) {
            target.put(steps[i], value);
            return;
        }
        Object child = target.computeIfAbsent(steps[i], k -> new LinkedHashMap<String, Object>());
        put((Map<String, Object>) child, steps, i + 1, value);
    }

    private static Optional<String> canonical(String zenField, Optional<Object> value) {
        if (value.isEmpty()) return Optional.empty();
        Object v = value.get();
        if (v instanceof List<?> list) {
            if (zenField.equals("labels") || list.stream().allMatch(e -> e instanceof String)) {
                List<String> items = list.stream().map(String::valueOf).toList();
                String joined = zenField.equals("labels") ? ZenTasks.canonicalLabels(items) : String.join(", ", items);
                return joined.isEmpty() ? Optional.empty() : Optional.of(joined);
            }
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) return Optional.of(String.valueOf(v));
        try {
            return Optional.of(Jackson.abi().writeValueAsString(v));
        } catch (JsonProcessingException e) {
            return Optional.of(String.valueOf(v));
        }
    }
}
