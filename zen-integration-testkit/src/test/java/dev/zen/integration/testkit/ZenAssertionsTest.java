package dev.zen.integration.testkit;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.FieldChange;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.NewIssue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZenAssertionsTest {
    private static final Instant T0 = Instant.parse("2025-09-20T10:30:00Z");

    private static TaskSyncResult updated(String task) {
        return new TaskSyncResult(task, true, TaskSyncResult.Outcome.UPDATED, "SYNC-1",
                List.of(new FieldChange("title", FieldChange.Side.REMOTE, "Old", "New")), List.of(), false,
                Optional.empty());
    }

    private static TaskSyncResult failed(String task) {
        return TaskSyncResult.failed(task, "SYNC-2",
                new TaskSyncResult.ErrorInfo(ErrorCode.RATE_LIMITED, "Jira asked us to wait", true));
    }

    private static SyncReport report(TaskSyncResult... rows) {
        List<TaskSyncResult> list = List.of(rows);
        return new SyncReport("sync-1", SyncReport.statusOf(list), false, T0, T0, list);
    }

    @Test
    void aCompletedReportPassesHasSucceededAndNavigatesToARow() {
        assertThatCode(() -> ZenAssertions.assertThat(report(updated("task-1"))).hasSucceeded().hasResultCount(1)
                .resultFor("task-1").hasOutcome(TaskSyncResult.Outcome.UPDATED).hasExternalId("SYNC-1")
                .changedRemote("title").changed("title", FieldChange.Side.REMOTE, "New").hasNoConflicts())
                .doesNotThrowAnyException();
    }

    @Test
    void hasSucceededOnAPartialReportFailsListingTheFailures() {
        SyncReport partial = report(updated("task-1"), failed("task-2"));

        assertThatThrownBy(() -> ZenAssertions.assertThat(partial).hasSucceeded())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PARTIAL").hasMessageContaining("task-2: RATE_LIMITED Jira asked us to wait");
    }

    @Test
    void failedRowAssertions() {
        SyncReport partial = report(updated("task-1"), failed("task-2"));

        assertThatCode(() -> ZenAssertions.assertThat(partial).isPartial().hasFailureFor("task-2", ErrorCode.RATE_LIMITED)
                .resultFor("task-2").hasFailedWith(ErrorCode.RATE_LIMITED).isRetryable()
                .hasErrorMessageContaining("wait")).doesNotThrowAnyException();
    }

    @Test
    void wrongErrorCodeFailsNamingBothCodes() {
        assertThatThrownBy(() -> ZenAssertions.assertThat(failed("task-2")).hasFailedWith(ErrorCode.AUTH_FAILED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("AUTH_FAILED").hasMessageContaining("RATE_LIMITED");
    }

    @Test
    void missingRowFailsListingTheRowsThere() {
        assertThatThrownBy(() -> ZenAssertions.assertThat(report(updated("task-1"))).resultFor("task-9"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("task-9").hasMessageContaining("task-1");
    }

    @Test
    void changedLocalFailsWhenOnlyTheRemoteChanged() {
        assertThatThrownBy(() -> ZenAssertions.assertThat(updated("task-1")).changedLocal("title"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("LOCAL");
    }

    @Test
    void taskAssertionsCheckEachField() {
        ZenTask task = ZenTask.builder("task-1", "Export fails").status("Done").priority("High").assignee("Dana Dev")
                .labels("backend", "gh-sync").extraField("team", "core").updated(T0.plusSeconds(1)).version(3).build();

        assertThatCode(() -> ZenAssertions.assertThat(task).hasTitle("Export fails").hasStatus("Done")
                .hasPriority("High").hasAssignee("Dana Dev").hasDescription(null).hasExactlyLabels("backend", "gh-sync")
                .hasLabel("gh-sync").hasExtraField("team", "core").hasVersion(3).wasUpdatedAfter(T0))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ZenAssertions.assertThat(task).hasStatus("To Do"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("status 'To Do' but it was 'Done'");
        assertThatThrownBy(() -> ZenAssertions.assertThat(task).hasExactlyLabels("gh-sync", "backend"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aFakeJiraIssuePassesItsOwnValuesAndFailsNamingTheIssueAndTheField() {
        try (FakeJira jira = FakeJira.start()) {
            jira.seed(NewIssue.builder("SYNC", "Export fails").labels("backend").build());
            IssueSnapshot issue = jira.issue("SYNC-1").orElseThrow();

            assertThatCode(() -> ZenAssertions.assertThat(issue).hasSummary("Export fails").hasLabel("backend")
                    .hasExactlyLabels("backend").hasIssueType(issue.issueType()).hasStatus(issue.status()))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> ZenAssertions.assertThat(issue).hasSummary("Other"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("SYNC-1").hasMessageContaining("summary");
        }
    }
}
