package dev.zen.integration.testkit;

import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.testkit.github.GitHubIssue;
import dev.zen.integration.testkit.jira.IssueSnapshot;

/**
 * AssertJ entry points for Zen Integration's results.
 *
 * <pre>{@code
 * import static dev.zen.integration.testkit.ZenAssertions.assertThat;
 *
 * assertThat(report).hasSucceeded().hasResultCount(2)
 *         .resultFor("task-1").hasOutcome(Outcome.UPDATED).changedRemote("title");
 * assertThat(report).resultFor("task-2").hasFailedWith(ErrorCode.RATE_LIMITED).isRetryable();
 * assertThat(task).hasTitle("Export fails").hasStatus("Done").hasExactlyLabels("backend");
 * assertThat(jira.issue("SYNC-1").orElseThrow()).hasSummary("Export fails").hasStatus("Done");
 * }</pre>
 *
 * Static-import it next to (or instead of) {@code org.assertj.core.api.Assertions.assertThat}: the overloads do not
 * clash.
 */
public final class ZenAssertions {
    private ZenAssertions() {}

    /** Assertions on a whole sync run. */
    public static SyncReportAssert assertThat(SyncReport actual) {
        return new SyncReportAssert(actual);
    }

    /** Assertions on one task's row of a sync run. */
    public static TaskSyncResultAssert assertThat(TaskSyncResult actual) {
        return new TaskSyncResultAssert(actual);
    }

    /** Assertions on a Zen task. */
    public static ZenTaskAssert assertThat(ZenTask actual) {
        return new ZenTaskAssert(actual);
    }

    /** Assertions on a FakeJira issue. */
    public static IssueSnapshotAssert assertThat(IssueSnapshot actual) {
        return new IssueSnapshotAssert(actual);
    }

    /** Assertions on a FakeGitHub issue. */
    public static GitHubIssueAssert assertThat(GitHubIssue actual) {
        return new GitHubIssueAssert(actual);
    }
}
