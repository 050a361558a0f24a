package dev.zen.integration;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An item in an external system (a Jira issue, a GitHub issue) in that system's own shape.
 *
 * <p>{@code fields} is a JSON-like tree (strings, numbers, booleans, lists, maps, nulls), deeply immutable; a
 * {@link DataMapper} reads it through the dot paths of a {@link FieldMapping}, such as {@code status.name}.
 *
 * @param system         the provider name, such as "jira"
 * @param id             the item's stable id, such as "10042"
 * @param key            the item's human key, such as "SYNC-7"; equal to id where the system has none
 * @param url            a link for people
 * @param fields         the item's fields
 * @param updated        when the item last changed, where the system reports it
 * @param fieldChangedAt per-field change times, where the system reports them (from its changelog)
 */
public record ExternalItem(String system, String id, String key, @Nullable String url,
                           Map<String, @Nullable Object> fields, @Nullable Instant updated,
                           Map<String, Instant> fieldChangedAt) {
    /** Validates and deep-copies the fields. */
    public ExternalItem {
        Checks.requireText(system, "system");
        Checks.requireText(id, "id");
        key = key == null ? id : key;
        fields = Checks.copyJsonObject(fields, "fields");
        fieldChangedAt = Checks.copyMap(fieldChangedAt);
    }

    /** The value at a dot path such as {@code status.name}, if every step exists and is not null. */
    public Optional<Object> field(String path) {
        Objects.requireNonNull(path, "path");
        Object current = fields;
        for (String step : path.split("\\.", -1)) {
            if (!(current instanceof Map<?, ?> map)) return Optional.empty();
            current = map.get(step);
            if (current == null) return Optional.empty();
        }
        return Optional.of(current);
    }
}
