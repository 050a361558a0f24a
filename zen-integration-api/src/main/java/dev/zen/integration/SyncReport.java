package dev.zen.integration;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one sync call: a row per task, in the order they were asked for.
 *
 * @param syncId   a unique id for this run, also found in logs and events
 * @param status   the overall outcome
 * @param dryRun   whether nothing was written
 * @param started  when the run started
 * @param finished when the run finished
 * @param results  one result per task
 */
public record SyncReport(String syncId, Status status, boolean dryRun, Instant started, Instant finished,
                         List<TaskSyncResult> results) {
    /** Validates the report. */
    public SyncReport {
        Checks.requireText(syncId, "syncId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        if (finished.isBefore(started)) {
            throw new IllegalArgumentException("finished " + finished + " is before started " + started);
        }
        results = Checks.copyList(results);
    }

    /** Derives the overall status from the rows: all succeeded, some failed, or all failed. */
    public static Status statusOf(List<TaskSyncResult> results) {
        long failed = results.stream().filter(r -> !r.success()).count();
        if (failed == 0) return Status.COMPLETED;
        return failed == results.size() ? Status.FAILED : Status.PARTIAL;
    }

    /** The row for a task, if it was part of this run. */
    public Optional<TaskSyncResult> result(String taskId) {
        return results.stream().filter(r -> r.taskId().equals(taskId)).findFirst();
    }

    /** The rows that failed. */
    public List<TaskSyncResult> failures() {
        return results.stream().filter(r -> !r.success()).toList();
    }

    /** The overall outcome of a sync call. */
    public enum Status {
        /** Every task synced. */
        COMPLETED,
        /** Some tasks failed; the others synced. */
        PARTIAL,
        /** Every task failed. */
        FAILED
    }
}
