package dev.zen.integration;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts between Zen tasks and external items under a {@link FieldMapping}.
 *
 * <p>Zen values are exchanged in canonical string form (see {@link ZenTasks#canonicalFields(ZenTask)}): this is
 * the form that snapshots, conflicts and reports use, so two values are equal exactly when their canonical
 * strings are equal.
 *
 * <p>The engine uses one mapper for every provider: the built-in one ({@code StandardDataMapper} in
 * zen-integration-core), or the host's, given to {@code ZenIntegration.Builder.dataMapper} or registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/dev.zen.integration.DataMapper} (kind
 * {@code ServiceKind.DATA_MAPPER}). The provider's value maps and the plugin's size limits apply around it. An
 * implementation must be thread-safe and deterministic; it usually delegates to the built-in mapper for the fields
 * it does not convert itself.
 */
public interface DataMapper {

    /** The Zen field values found in an external item, by Zen field name; unmapped or absent fields are left out. */
    Map<String, String> toZenFields(ExternalItem item, FieldMapping mapping);

    /**
     * The external field document that writes the given Zen values, nested by the mapping's dot paths.
     * A null value clears the field, and stays null in the document.
     */
    Map<String, @Nullable Object> toExternalFields(Map<String, @Nullable String> zenFields, FieldMapping mapping);

    /** A new Zen task with the given id, filled from an external item (used to import it). */
    default ZenTask toZenTask(String taskId, ExternalItem item, FieldMapping mapping) {
        Map<String, String> fields = toZenFields(item, mapping);
        String title = fields.getOrDefault("title", item.key());
        return ZenTasks.withFields(ZenTask.builder(taskId, title.isBlank() ? item.key() : title).build(), fields);
    }
}
