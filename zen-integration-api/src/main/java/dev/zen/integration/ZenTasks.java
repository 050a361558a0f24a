package dev.zen.integration;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The canonical string form of a task's fields, shared by the engine, snapshots, conflicts and reports.
 *
 * <p>Every standard field is its string value; {@code labels} is the labels sorted and joined by one space
 * (labels never contain white space); extra fields appear under their own names. Absent (null) fields are left
 * out of the map.
 */
public final class ZenTasks {
    private ZenTasks() {}

    /** The task's field values in canonical form. */
    public static Map<String, String> canonicalFields(ZenTask task) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("title", task.title());
        putIfNotNull(m, "description", task.description());
        putIfNotNull(m, "status", task.status());
        putIfNotNull(m, "priority", task.priority());
        putIfNotNull(m, "assignee", task.assignee());
        String labels = canonicalLabels(task.labels());
        if (!labels.isEmpty()) m.put("labels", labels);
        m.putAll(task.extraFields());
        return m;
    }

    /** Labels in canonical form: sorted, joined by a space. */
    public static String canonicalLabels(List<String> labels) {
        return String.join(" ", labels.stream().sorted().distinct().toList());
    }

    /** Labels parsed from canonical form; null or blank gives no labels. */
    public static List<String> parseLabels(@Nullable String canonical) {
        if (canonical == null || canonical.isBlank()) return List.of();
        return Arrays.stream(canonical.trim().split("\\s+")).distinct().toList();
    }

    /**
     * A copy of the task with the given canonical values applied; a null value clears the field
     * (except the title, which cannot be cleared).
     */
    public static ZenTask withFields(ZenTask task, Map<String, @Nullable String> values) {
        ZenTask.Builder b = task.toBuilder();
        values.forEach((field, value) -> {
            switch (field) {
                case "title" -> { if (value != null && !value.isBlank()) b.title(value); }
                case "description" -> b.description(value);
                case "status" -> b.status(value);
                case "priority" -> b.priority(value);
                case "assignee" -> b.assignee(value);
                case "labels" -> b.labels(parseLabels(value));
                default -> b.extraField(field, value);
            }
        });
        return b.build();
    }

    private static void putIfNotNull(Map<String, String> m, String k, @Nullable String v) {
        if (v != null) m.put(k, v);
    }
}
