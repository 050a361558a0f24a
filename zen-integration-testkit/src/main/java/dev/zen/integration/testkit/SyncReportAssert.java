package dev.zen.integration.testkit;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.stream.Collectors;

/** AssertJ assertions on a {@link SyncReport}; start with {@link ZenAssertions#assertThat(SyncReport)}. */
public final class SyncReportAssert extends AbstractAssert<SyncReportAssert, SyncReport> {

    SyncReportAssert(SyncReport actual) {
        super(actual, SyncReportAssert.class);
    }

    /** Every task synced (status COMPLETED). */
    public SyncReportAssert hasSucceeded() {
        isNotNull();
        if (actual.status() != SyncReport.Status.COMPLETED) {
            failWithMessage("Expected sync %s to complete but it was %s; failures:%n%s", actual.syncId(),
                    actual.status(), describe(actual.failures()));
        }
        return this;
    }

    /** Every task failed (status FAILED). */
    public SyncReportAssert hasFailed() {
        return hasStatus(SyncReport.Status.FAILED);
    }

    /** Some tasks failed, some synced (status PARTIAL). */
    public SyncReportAssert isPartial() {
        return hasStatus(SyncReport.Status.PARTIAL);
    }

    /** The overall status. */
    public SyncReportAssert hasStatus(SyncReport.Status expected) {
        isNotNull();
        if (actual.status() != expected) {
            failWithMessage("Expected sync %s to be %s but it was %s; failures:%n%s", actual.syncId(), expected,
                    actual.status(), describe(actual.failures()));
        }
        return this;
    }

    /** The run was a dry run. */
    public SyncReportAssert isDryRun() {
        isNotNull();
        if (!actual.dryRun()) failWithMessage("Expected sync %s to be a dry run but it wrote", actual.syncId());
        return this;
    }

    /** The run was not a dry run. */
    public SyncReportAssert isNotDryRun() {
        isNotNull();
        if (actual.dryRun()) failWithMessage("Expected sync %s to write but it was a dry run", actual.syncId());
        return this;
    }

    /** The number of rows. */
    public SyncReportAssert hasResultCount(int expected) {
        isNotNull();
        if (actual.results().size() != expected) {
            failWithMessage("Expected %s results but found %s: %s", expected, actual.results().size(),
                    actual.results().stream().map(TaskSyncResult::taskId).toList());
        }
        return this;
    }

    /** There is a row for each of these tasks. */
    public SyncReportAssert hasResultsFor(String... taskIds) {
        isNotNull();
        for (String id : taskIds) {
            if (actual.result(id).isEmpty()) {
                failWithMessage("Expected a result for task %s but the report has %s", id,
                        actual.results().stream().map(TaskSyncResult::taskId).toList());
            }
        }
        return this;
    }

    /** No row failed. */
    public SyncReportAssert hasNoFailures() {
        isNotNull();
        if (!actual.failures().isEmpty()) {
            failWithMessage("Expected no failures but found:%n%s", describe(actual.failures()));
        }
        return this;
    }

    /** The task's row failed with this code. */
    public SyncReportAssert hasFailureFor(String taskId, ErrorCode code) {
        resultFor(taskId).hasFailedWith(code);
        return this;
    }

    /** Switches to the row of one task; fails if the report has none. */
    public TaskSyncResultAssert resultFor(String taskId) {
        isNotNull();
        TaskSyncResult r = actual.result(taskId).orElse(null);
        if (r == null) {
            failWithMessage("Expected a result for task %s but the report has %s", taskId,
                    actual.results().stream().map(TaskSyncResult::taskId).toList());
        }
        return new TaskSyncResultAssert(r);
    }

    /** Same as {@link #resultFor(String)}. */
    public TaskSyncResultAssert hasResultFor(String taskId) {
        return resultFor(taskId);
    }

    static String describe(List<TaskSyncResult> failures) {
        if (failures.isEmpty()) return "  (none)";
        return failures.stream()
                .map(f -> "  " + f.taskId() + ": " + f.error().map(e -> e.code() + " " + e.message())
                        .orElse(String.valueOf(f.outcome())))
                .collect(Collectors.joining(System.lineSeparator()));
    }
}
