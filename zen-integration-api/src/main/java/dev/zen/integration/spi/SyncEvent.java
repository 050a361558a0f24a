package dev.zen.integration.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened during a sync, for logging and metrics.
 *
 * @param type       what happened
 * @param syncId     the run it belongs to
 * @param taskId     the task; null for run-level events
 * @param provider   the provider, where one is involved
 * @param field      the field, for field-level events
 * @param message    a human-readable summary; never contains secrets
 * @param timestamp  when it happened
 * @param attributes further facts (duration_ms, error_code, ...)
 */
public record SyncEvent(Type type, String syncId, @Nullable String taskId, @Nullable String provider,
                        @Nullable String field, String message, Instant timestamp, Map<String, String> attributes) {
    /** Validates the event. */
    public SyncEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(timestamp, "timestamp");
        message = message == null ? "" : message;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Event types. */
    public enum Type {
        /** A sync run started. */
        SYNC_STARTED,
        /** A sync run finished. */
        SYNC_FINISHED,
        /** One task finished syncing. */
        TASK_SYNCED,
        /** A field was written (or would be, in a dry run). */
        FIELD_CHANGED,
        /** Both sides changed a field differently. */
        CONFLICT_DETECTED,
        /** A local change was queued because the provider was unavailable. */
        CHANGE_QUEUED,
        /** A task's sync failed. */
        ERROR,
        /**
         * A page of a whole-project sync was committed; attributes {@code seen}, {@code imported}, {@code linked},
         * {@code skipped}, {@code removed}, {@code failed}, {@code eta_ms} (-1 when unknown) and {@code phase}
         * ({@code bulk} or {@code poll}).
         */
        SCOPE_PROGRESS,
        /** A whole-project sync call finished; the same attributes as {@link #SCOPE_PROGRESS}, with the totals. */
        SCOPE_FINISHED,
        /** A comment was copied, a copy's text updated, or a copy deleted (comment sync). */
        COMMENT_SYNCED
    }
}
