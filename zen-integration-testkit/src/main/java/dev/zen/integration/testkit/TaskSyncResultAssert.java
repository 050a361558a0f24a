package dev.zen.integration.testkit;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.FieldChange;
import dev.zen.integration.TaskSyncResult;
import java.util.ArrayList;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.Objects;

/** AssertJ assertions on one {@link TaskSyncResult}. */
public final class TaskSyncResultAssert extends AbstractAssert<TaskSyncResultAssert, TaskSyncResult> {

    TaskSyncResultAssert(TaskSyncResult actual) {
        super(actual, TaskSyncResultAssert.class);
    }

    /** The task synced. */
    public TaskSyncResultAssert hasSucceeded() {
        isNotNull();
        if (!actual.success()) {
            failWithMessage("Expected task %s to sync but it failed with %s: %s", actual.taskId(),
                    actual.error().orElseThrow().code(), actual.error().orElseThrow().message());
        }
        return this;
    }

    /** The task failed, whatever the code. */
    public TaskSyncResultAssert hasFailed() {
        isNotNull();
        if (actual.success()) failWithMessage("Expected task %s to fail but it was %s", actual.taskId(), actual.outcome());
        return this;
    }

    /** The task failed with this error code. */
    public TaskSyncResultAssert hasFailedWith(ErrorCode code) {
        hasFailed();
        if (actual.error().orElseThrow().code() != code) {
            failWithMessage("Expected task %s to fail with %s but it failed with %s: %s", actual.taskId(), code,
                    actual.error().orElseThrow().code(), actual.error().orElseThrow().message());
        }
        return this;
    }

    /** The failure message contains this text. */
    public TaskSyncResultAssert hasErrorMessageContaining(String text) {
        hasFailed();
        if (!actual.error().orElseThrow().message().contains(text)) {
            failWithMessage("Expected the error of task %s to contain '%s' but it was '%s'", actual.taskId(), text,
                    actual.error().orElseThrow().message());
        }
        return this;
    }

    /** The failure is retryable. */
    public TaskSyncResultAssert isRetryable() {
        hasFailed();
        if (!actual.error().orElseThrow().retryable()) {
            failWithMessage("Expected the %s failure of task %s to be retryable", actual.error().orElseThrow().code(),
                    actual.taskId());
        }
        return this;
    }

    /** The outcome. */
    public TaskSyncResultAssert hasOutcome(TaskSyncResult.Outcome expected) {
        isNotNull();
        if (actual.outcome() != expected) {
            failWithMessage("Expected task %s to be %s but it was %s%s", actual.taskId(), expected, actual.outcome(),
                    actual.error().map(e -> " (" + e.code() + ": " + e.message() + ")").orElse(""));
        }
        return this;
    }

    /** The linked external item. */
    public TaskSyncResultAssert hasExternalId(String expected) {
        isNotNull();
        if (!Objects.equals(actual.externalId(), expected)) {
            failWithMessage("Expected task %s to be linked to %s but it was %s", actual.taskId(), expected,
                    actual.externalId());
        }
        return this;
    }

    /** No field was changed on either side. */
    public TaskSyncResultAssert hasNoChanges() {
        isNotNull();
        if (!actual.changes().isEmpty()) {
            failWithMessage("Expected no changes for task %s but found %s", actual.taskId(), actual.changes());
        }
        return this;
    }

    /** The field was written on the external item. */
    public TaskSyncResultAssert changedRemote(String field) {
        return changed(field, FieldChange.Side.REMOTE);
    }

    /** The field was written on the Zen task. */
    public TaskSyncResultAssert changedLocal(String field) {
        return changed(field, FieldChange.Side.LOCAL);
    }

    /** The field was written on the given side with the given new value. */
    public TaskSyncResultAssert changed(String field, FieldChange.Side side, String newValue) {
        changed(field, side);
        boolean match = actual.changes().stream().anyMatch(c -> c.field().equals(field) && c.target() == side
                && Objects.equals(c.newValue(), newValue));
        if (!match) {
            failWithMessage("Expected %s to be set to '%s' on the %s side of task %s but the changes were %s", field,
                    newValue, side, actual.taskId(), actual.changes());
        }
        return this;
    }

    /** Exactly these field changes, in this order. */
    public TaskSyncResultAssert hasExactlyChanges(FieldChange... expected) {
        isNotNull();
        if (!actual.changes().equals(List.of(expected))) {
            failWithMessage("Expected exactly the changes %s for task %s but they were %s", List.of(expected),
                    actual.taskId(), actual.changes());
        }
        return this;
    }

    /** Exactly these field changes, in any order. */
    public TaskSyncResultAssert hasExactlyChangesInAnyOrder(FieldChange... expected) {
        isNotNull();
        List<FieldChange> rest = new ArrayList<>(actual.changes());
        boolean all = actual.changes().size() == expected.length;
        for (FieldChange c : expected) all &= rest.remove(c);
        if (!all) {
            failWithMessage("Expected exactly the changes %s (in any order) for task %s but they were %s",
                    List.of(expected), actual.taskId(), actual.changes());
        }
        return this;
    }

    private TaskSyncResultAssert changed(String field, FieldChange.Side side) {
        isNotNull();
        if (actual.changes().stream().noneMatch(c -> c.field().equals(field) && c.target() == side)) {
            failWithMessage("Expected %s to change on the %s side of task %s but the changes were %s", field, side,
                    actual.taskId(), actual.changes());
        }
        return this;
    }

    /** A conflict on this field was detected. */
    public TaskSyncResultAssert hasConflictOn(String field) {
        isNotNull();
        if (actual.conflicts().stream().map(ConflictRecord::field).noneMatch(field::equals)) {
            failWithMessage("Expected a conflict on %s for task %s but the conflicts were on %s", field,
                    actual.taskId(), actual.conflicts().stream().map(ConflictRecord::field).toList());
        }
        return this;
    }

    /** Conflicts were detected on exactly these fields, in this order. */
    public TaskSyncResultAssert hasConflictsOnlyOn(String... fields) {
        isNotNull();
        List<String> actualFields = actual.conflicts().stream().map(ConflictRecord::field).toList();
        if (!actualFields.equals(List.of(fields))) {
            failWithMessage("Expected conflicts on exactly %s for task %s but they were on %s", List.of(fields),
                    actual.taskId(), actualFields);
        }
        return this;
    }

    /** No conflict was detected. */
    public TaskSyncResultAssert hasNoConflicts() {
        isNotNull();
        if (!actual.conflicts().isEmpty()) {
            failWithMessage("Expected no conflicts for task %s but found them on %s", actual.taskId(),
                    actual.conflicts().stream().map(ConflictRecord::field).toList());
        }
        return this;
    }

    /** Remote data came from the offline cache. */
    public TaskSyncResultAssert isFromCache() {
        isNotNull();
        if (!actual.fromCache()) failWithMessage("Expected task %s to be served from the cache", actual.taskId());
        return this;
    }

    /** Remote data was read live, not from the offline cache. */
    public TaskSyncResultAssert isNotFromCache() {
        isNotNull();
        if (actual.fromCache()) failWithMessage("Expected task %s to be read live, not from the cache", actual.taskId());
        return this;
    }
}
