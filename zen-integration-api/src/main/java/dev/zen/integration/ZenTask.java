package dev.zen.integration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task as a Zen tool sees it. Immutable; use {@link #toBuilder()} to derive a changed copy.
 *
 * <p>{@code version} is the task store's optimistic-concurrency counter: an update based on an old version
 * is refused with {@link ErrorCode#SYNC_CONFLICT} instead of silently overwriting a newer edit.
 *
 * @param id          the task's id in the Zen workspace; never blank
 * @param title       a one-line title; never blank
 * @param description free text
 * @param status      the workflow status name, such as "To Do"
 * @param priority    the priority name, such as "High"
 * @param assignee    who works on it (a display name)
 * @param labels      labels, in order, without duplicates or white space
 * @param created     when the task was created; null for a task not yet stored
 * @param updated     when the task last changed; null for a task not yet stored
 * @param extraFields further fields by name (custom fields)
 * @param version     the store's version counter, 0 for a task not yet stored
 */
public record ZenTask(
        String id,
        String title,
        @Nullable String description,
        @Nullable String status,
        @Nullable String priority,
        @Nullable String assignee,
        List<String> labels,
        @Nullable Instant created,
        @Nullable Instant updated,
        Map<String, String> extraFields,
        long version) {

    /** The standard field names, as used in field mappings, snapshots and reports. */
    public static final List<String> STANDARD_FIELDS =
            List.of("title", "description", "status", "priority", "assignee", "labels");

    /** Validates and copies the collections. */
    public ZenTask {
        Checks.requireText(id, "id");
        Checks.requireText(title, "title");
        labels = Checks.copyList(labels);
        if (labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("labels must not contain duplicates: " + labels);
        }
        labels.forEach(l -> {
            Checks.requireText(l, "label");
            if (l.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("labels must not contain white space: '" + l + "'");
            }
        });
        extraFields = Checks.copyMap(extraFields);
        extraFields.keySet().forEach(k -> {
            if (STANDARD_FIELDS.contains(k)) {
                throw new IllegalArgumentException("extra field '" + k + "' clashes with a standard field");
            }
        });
        Checks.requireNonNegative(version, "version");
    }

    /** Starts a task with the given id and title. */
    public static Builder builder(String id, String title) {
        return new Builder().id(id).title(title);
    }

    /** A builder initialised with this task's values. */
    public Builder toBuilder() {
        return new Builder()
                .id(id).title(title).description(description).status(status).priority(priority)
                .assignee(assignee).labels(labels).created(created).updated(updated)
                .extraFields(extraFields).version(version);
    }

    /** Builds a {@link ZenTask}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String title;
        private @Nullable String description;
        private @Nullable String status;
        private @Nullable String priority;
        private @Nullable String assignee;
        private List<String> labels = List.of();
        private @Nullable Instant created;
        private @Nullable Instant updated;
        private Map<String, String> extraFields = new LinkedHashMap<>();
        private long version;

        private Builder() {}

        /** Sets the id. */
        public Builder id(String id) { this.id = id; return this; }
        /** Sets the title. */
        public Builder title(String title) { this.title = title; return this; }
        /** Sets the description. */
        public Builder description(@Nullable String description) { this.description = description; return this; }
        /** Sets the status. */
        public Builder status(@Nullable String status) { this.status = status; return this; }
        /** Sets the priority. */
        public Builder priority(@Nullable String priority) { this.priority = priority; return this; }
        /** Sets the assignee. */
        public Builder assignee(@Nullable String assignee) { this.assignee = assignee; return this; }
        /** Sets the labels. */
        public Builder labels(List<String> labels) { this.labels = Objects.requireNonNull(labels, "labels"); return this; }
        /** Sets the labels. */
        public Builder labels(String... labels) { return labels(List.of(labels)); }
        /** Sets the creation time. */
        public Builder created(@Nullable Instant created) { this.created = created; return this; }
        /** Sets the last-change time. */
        public Builder updated(@Nullable Instant updated) { this.updated = updated; return this; }
        /** Replaces the extra fields. */
        public Builder extraFields(Map<String, String> fields) { this.extraFields = new LinkedHashMap<>(fields); return this; }
        /** Sets one extra field; a null value removes it. */
        public Builder extraField(String name, @Nullable String value) {
            if (value == null) extraFields.remove(name); else extraFields.put(name, value);
            return this;
        }
        /** Sets the store version. */
        public Builder version(long version) { this.version = version; return this; }

        /** Builds the task, validating every field. */
        public ZenTask build() {
            return new ZenTask(id, title, description, status, priority, assignee, labels, created, updated,
                    extraFields, version);
        }
    }
}
