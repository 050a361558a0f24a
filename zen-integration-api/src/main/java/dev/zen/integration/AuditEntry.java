package dev.zen.integration;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change the engine made, as kept in the audit trail. Values are as the engine wrote them, except that a value
 * of a secret-looking field is replaced by its hash and a long value is truncated with its hash appended (see
 * {@code docs/operations.md}), so the trail never holds secrets or large text.
 *
 * @param timestamp  when the change was made
 * @param action     what kind of change
 * @param taskId     the Zen task; null for provider-wide actions
 * @param provider   the provider; null when none is involved
 * @param externalId the external item; null when none is involved
 * @param field      the Zen field, for field-level actions; null otherwise
 * @param oldValue   the value before (possibly truncated and hashed); null when absent or not applicable
 * @param newValue   the value after (possibly truncated and hashed); null when cleared or not applicable
 * @param syncId     the run that made it; null outside a run
 * @param details    further facts (conflict id, resolution, plugin version, ...)
 */
public record AuditEntry(Instant timestamp, Action action, @Nullable String taskId, @Nullable String provider,
                         @Nullable String externalId, @Nullable String field, @Nullable String oldValue,
                         @Nullable String newValue, @Nullable String syncId, Map<String, String> details) {
    /** Validates the entry. */
    public AuditEntry {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(action, "action");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** What the engine changed. */
    public enum Action {
        /** A field was written to the external item. */
        FIELD_PUSHED,
        /** A field was written to the Zen task. */
        FIELD_PULLED,
        /** A local change was queued in the outbox while the provider was unavailable. */
        CHANGE_QUEUED,
        /** Both sides changed a field differently; a conflict was recorded. */
        CONFLICT_OPENED,
        /** A conflict was settled. */
        CONFLICT_RESOLVED,
        /** A task was linked to an external item. */
        LINKED,
        /** A task's link was removed. */
        UNLINKED,
        /** An external item was imported as a new task. */
        IMPORTED,
        /** A task was created in the external system. */
        PUBLISHED,
        /** A link was paused. */
        LINK_PAUSED,
        /** A link was resumed. */
        LINK_RESUMED,
        /** A provider was paused. */
        PROVIDER_PAUSED,
        /** A provider was resumed. */
        PROVIDER_RESUMED,
        /** Queued changes were dropped unsent. */
        PENDING_DISCARDED,
        /** A provider's plugin was replaced by another version (hot reload, replacement or rollback). */
        PLUGIN_SWAPPED,
        /** A provider's plugin version pin was set (or, with an empty {@code version_range}, removed). */
        PLUGIN_PINNED,
        /** A comment was copied, or a copy's text updated, from Zen to the external item. */
        COMMENT_PUSHED,
        /** A comment was copied, or a copy's text updated, from the external item to Zen. */
        COMMENT_PULLED,
        /** A comment was deleted because its counterpart was ({@code comment_deletions: propagate}). */
        COMMENT_DELETED
    }
}
