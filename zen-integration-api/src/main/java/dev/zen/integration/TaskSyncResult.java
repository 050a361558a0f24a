package dev.zen.integration;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a sync did to one task. A failed task never aborts the others; it shows up here with its error.
 *
 * @param taskId     the Zen task
 * @param success    whether the task synced (a task left with manual-review conflicts counts as success)
 * @param outcome    a one-word summary
 * @param externalId the external item; null when the task is not linked
 * @param changes    the field changes made (or, in a dry run, planned); for a failed task, those written before the
 *                   failure
 * @param conflicts  conflicts detected in this run (resolved by strategy, or left for review)
 * @param fromCache  whether remote data came from the offline cache because the provider was unavailable
 * @param error      the failure; empty exactly when the task succeeded
 */
public record TaskSyncResult(String taskId, boolean success, Outcome outcome, @Nullable String externalId,
                             List<FieldChange> changes, List<ConflictRecord> conflicts, boolean fromCache,
                             Optional<ErrorInfo> error) {
    /** Validates the result. */
    public TaskSyncResult {
        Checks.requireText(taskId, "taskId");
        Objects.requireNonNull(outcome, "outcome");
        changes = Checks.copyList(changes);
        conflicts = Checks.copyList(conflicts);
        Objects.requireNonNull(error, "error (use Optional.empty() for a success)");
        if (success == error.isPresent()) {
            throw new IllegalArgumentException("a result has an error exactly when it failed");
        }
    }

    /** A failed result. */
    public static TaskSyncResult failed(String taskId, @Nullable String externalId, ErrorInfo error) {
        return new TaskSyncResult(taskId, false, Outcome.FAILED, externalId, List.of(), List.of(), false,
                Optional.of(error));
    }

    /** A one-word summary of a task's sync. */
    public enum Outcome {
        /** Nothing to do: both sides equal the base. */
        UNCHANGED,
        /** Fields were (or would be) written. */
        UPDATED,
        /** Conflicts wait for manual review; nothing conflicting was overwritten. */
        CONFLICT,
        /** Local changes were queued because the provider was unavailable. */
        QUEUED,
        /** Skipped (paused link, not linked). */
        SKIPPED,
        /** The sync of this task failed. */
        FAILED,
        /** A whole-project sync imported the external item as this new task. */
        IMPORTED,
        /** A whole-project sync published this local task to the external system. */
        PUBLISHED,
        /** The external item was deleted or moved out of the scope; the link was handled by {@code on_removed}. */
        REMOVED
    }

    /**
     * A failure, as reported: the error code, a message, and whether it is retryable.
     *
     * @param code      the error code
     * @param message   what went wrong
     * @param retryable whether a later sync may succeed
     */
    public record ErrorInfo(ErrorCode code, String message, boolean retryable) {
        /** Validates the info. */
        public ErrorInfo {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** The info of an exception. */
        public static ErrorInfo of(IntegrationException e) {
            return new ErrorInfo(e.code(), e.getMessage(), e.retryable());
        }
    }
}
