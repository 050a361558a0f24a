package dev.zen.integration.it.jira;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.UnmappedPolicy;
import dev.zen.integration.ValueMap;
import dev.zen.integration.ZenTask;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.testkit.fake.RecordedRequest;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.jira.StatusCategory;
import dev.zen.integration.testkit.jira.Workflow;
import dev.zen.integration.testkit.junit.ZenIntegrationExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Value maps against FakeJira and the real Jira plugin: Zen "Doing" is Jira "In Progress" (reached through a
 * transition), several Zen values for one Jira value, the category fallback, and each unmapped policy both ways.
 */
class ValueMapsTest {
    private static final ValueMap STATUS = ValueMap.builder()
            .value("Backlog", "To Do").value("Doing", "In Progress").value("Review", "In Review")
            .value("Done", "Done").build();

    @RegisterExtension
    ZenIntegrationExtension zen = ZenIntegrationExtension.builder().clockStart("2026-05-01T08:00:00Z")
            .configureJira(j -> j.workflow(Workflow.builder()
                    .status("10000", "To Do", StatusCategory.TO_DO)
                    .status("3", "In Progress", StatusCategory.IN_PROGRESS)
                    .status("10004", "In Review", StatusCategory.IN_PROGRESS)
                    .status("10002", "Done", StatusCategory.DONE)
                    .status("10005", "Closed", StatusCategory.DONE)
                    .globalTransition("11", "Back to do", "To Do")
                    .globalTransition("21", "Start", "In Progress")
                    .globalTransition("41", "Ask review", "In Review")
                    .globalTransition("31", "Finish", "Done")
                    .globalTransition("51", "Close", "Closed")
                    .build())).build();

    private ZenTask imported(ValueMap status) {
        zen.restart(p -> p.valueMap("status", status));
        zen.jira().seed(NewIssue.builder("SYNC", "Export fails").build());
        return zen.integration().importItem("jira", "SYNC-1");
    }

    private String jiraStatus() {
        return zen.jira().issue("SYNC-1").orElseThrow().status();
    }

    private TaskSyncResult synced(String taskId) {
        return zen.sync(taskId, SyncDirection.BIDIRECTIONAL).result(taskId).orElseThrow();
    }

    @Test
    void givenAStatusMapWhenZenSaysDoingThenJiraTransitionsToInProgressAndItReadsBackAsDoing() {
        ZenTask task = imported(STATUS);
        assertThat(zen.task(task.id())).hasStatus("Backlog"); // Jira's "To Do", read through the map

        zen.editTask(task.id(), "status", "Doing");
        assertThat(synced(task.id())).hasSucceeded().hasNoConflicts();

        assertThat(jiraStatus()).isEqualTo("In Progress");
        assertThat(zen.jira().requests("POST", "/rest/api/3/issue/SYNC-1/transitions")).hasSize(1);
        zen.jira().simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Review");
        assertThat(synced(task.id())).hasSucceeded();
        assertThat(zen.task(task.id())).hasStatus("Review");
        assertThat(synced(task.id())).hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
    }

    @Test
    void givenTwoZenStatusesForOneJiraStatusWhenSyncedThenWriteBackDecidesAndTheOtherIsNeverOverwritten() {
        ZenTask task = imported(ValueMap.builder().value("Backlog", "To Do").value("Doing", "In Progress")
                .value("Blocked", "In Progress").writeBack("In Progress", "Doing").build());

        zen.editTask(task.id(), "status", "Blocked");
        assertThat(synced(task.id())).hasSucceeded();
        assertThat(jiraStatus()).isEqualTo("In Progress");
        assertThat(synced(task.id())).hasSucceeded().hasNoChanges();
        assertThat(zen.task(task.id())).hasStatus("Blocked"); // "In Progress" is what Blocked writes: no change

        zen.jira().simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "To Do");
        zen.jira().simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");
        zen.jira().simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "To Do");
        assertThat(synced(task.id())).hasSucceeded();
        assertThat(zen.task(task.id())).hasStatus("Backlog");
        zen.jira().simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");
        assertThat(synced(task.id())).hasSucceeded();
        assertThat(zen.task(task.id())).hasStatus("Doing"); // the declared write-back
    }

    @Test
    void givenACategoryEntryWhenJiraMovesToAnUnmappedDoneStatusThenZenReadsTheCategorysValue() {
        ZenTask task = imported(ValueMap.builder().value("Backlog", "To Do").value("Done", "Done")
                .writeBack("category:done", "Done").unmapped(UnmappedPolicy.fail()).build());

        zen.jira().simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "Closed");

        assertThat(synced(task.id())).hasSucceeded();
        assertThat(zen.task(task.id())).hasStatus("Done");
        assertThat(synced(task.id())).hasSucceeded().hasNoChanges();
        assertThat(jiraStatus()).isEqualTo("Closed"); // "Done" is what Jira holds already, in category terms
    }

    @Test
    void givenKeepWhenZenHasAnUnmappedPriorityThenItIsWrittenAsItIs() {
        zen.restart(p -> p.valueMap("priority", ValueMap.of("P1", "Highest", "P2", "High")));
        zen.jira().seed(NewIssue.builder("SYNC", "Export fails").priority("Highest").build());
        ZenTask task = zen.integration().importItem("jira", "SYNC-1");
        assertThat(zen.task(task.id())).hasPriority("P1");

        zen.editTask(task.id(), "priority", "Low");
        assertThat(synced(task.id())).hasSucceeded();

        assertThat(zen.jira().issue("SYNC-1").orElseThrow().priority()).isEqualTo("Low");
    }

    @Test
    void givenADefaultWhenZenHasAnUnmappedStatusThenTheDefaultIsWrittenAndZenKeepsItsValue() {
        ZenTask task = imported(ValueMap.builder().value("Backlog", "To Do").value("Doing", "In Progress")
                .unmapped(UnmappedPolicy.defaultTo("To Do")).build());
        zen.editTask(task.id(), "status", "Doing");
        assertThat(synced(task.id())).hasSucceeded();

        zen.editTask(task.id(), "status", "Waiting");
        assertThat(synced(task.id())).hasSucceeded();

        assertThat(jiraStatus()).isEqualTo("To Do");
        assertThat(synced(task.id())).hasSucceeded().hasNoChanges();
        assertThat(zen.task(task.id())).hasStatus("Waiting");
    }

    @Test
    void givenSkipWhenZenHasAnUnmappedStatusThenJiraKeepsItsStatusAndZenKeepsItsOwn() {
        ZenTask task = imported(ValueMap.builder().value("Backlog", "To Do").value("Doing", "In Progress")
                .unmapped(UnmappedPolicy.skip()).build());
        zen.editTask(task.id(), "status", "Doing");
        assertThat(synced(task.id())).hasSucceeded();
        zen.jira().clearRequests();

        zen.taskStore().update(zen.task(task.id()).toBuilder().status("Waiting").title("Export fails (2 GB)").build());
        assertThat(synced(task.id())).hasSucceeded().hasNoConflicts();

        assertThat(jiraStatus()).isEqualTo("In Progress");
        assertThat(zen.jira().issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails (2 GB)");
        assertThat(zen.jira().requests("POST", "/rest/api/3/issue/SYNC-1/transitions")).isEmpty();
        assertThat(synced(task.id())).hasSucceeded().hasNoConflicts();
        assertThat(zen.task(task.id())).hasStatus("Waiting");
        assertThat(jiraStatus()).isEqualTo("In Progress");
    }

    @Test
    void givenFailWhenZenHasAnUnmappedStatusThenThatTaskFailsNamingTheFieldAndNothingIsSent() {
        ZenTask task = imported(ValueMap.builder().value("Backlog", "To Do").value("Doing", "In Progress")
                .unmapped(UnmappedPolicy.fail()).build());
        zen.jira().seed(NewIssue.builder("SYNC", "Import fails").build());
        ZenTask other = zen.integration().importItem("jira", "SYNC-2");
        zen.editTask(task.id(), "status", "Waiting");
        zen.editTask(other.id(), "title", "Import fails too");
        zen.jira().clearRequests();

        SyncReport report = zen.integration().sync(SyncRequest.of(List.of(task.id(), other.id()),
                SyncDirection.BIDIRECTIONAL));

        assertThat(report.result(task.id()).orElseThrow()).hasFailedWith(ErrorCode.INVALID_DATA)
                .hasErrorMessageContaining("status: the Zen value 'Waiting' has no entry in value_maps.status");
        assertThat(report.result(other.id()).orElseThrow()).hasSucceeded();
        assertThat(zen.jira().requests()).filteredOn(r -> r.path().contains("SYNC-1"))
                .extracting(RecordedRequest::method).isNotEmpty().doesNotContain("PUT", "POST");
        assertThat(zen.jira().requests("PUT", "/rest/api/3/issue/SYNC-2")).hasSize(1);
        assertThat(zen.jira().issue("SYNC-2").orElseThrow().summary()).isEqualTo("Import fails too");
        assertThat(jiraStatus()).isEqualTo("To Do");
    }

    @Test
    void givenUnmappedRemoteFailWhenJiraMovesToAnUnmappedStatusThenTheSyncFailsAndZenIsUntouched() {
        ZenTask task = imported(ValueMap.builder().value("Backlog", "To Do").value("Done", "Done")
                .unmappedRemote(UnmappedPolicy.fail()).build());
        zen.jira().simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "Closed");

        assertThat(synced(task.id())).hasFailedWith(ErrorCode.INVALID_DATA)
                .hasErrorMessageContaining("the jira value 'Closed' has no entry in value_maps.status");
        assertThat(zen.task(task.id())).hasStatus("Backlog");
    }

    @Test
    void givenUnmappedRemoteSkipWhenJiraMovesToAnUnmappedStatusThenZenKeepsItsStatusAndNothingConflicts() {
        ZenTask task = imported(ValueMap.builder().value("Backlog", "To Do").value("Done", "Done")
                .unmappedRemote(UnmappedPolicy.skip()).build());
        zen.jira().simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "Closed");

        assertThat(synced(task.id())).hasSucceeded().hasNoChanges().hasNoConflicts();
        assertThat(zen.task(task.id())).hasStatus("Backlog");
        assertThat(jiraStatus()).isEqualTo("Closed");
    }

    @Test
    void givenUnmappedRemoteDefaultWhenJiraMovesToAnUnmappedStatusThenZenReadsTheDefault() {
        ZenTask task = imported(ValueMap.builder().value("Backlog", "To Do").value("Done", "Done")
                .unmappedRemote(UnmappedPolicy.defaultTo("Elsewhere")).build());
        zen.jira().simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "Closed");

        assertThat(synced(task.id())).hasSucceeded();

        assertThat(zen.task(task.id())).hasStatus("Elsewhere");
    }

    @Test
    void givenALabelRenameWhenSyncedThenEachLabelIsRenamedBothWays() {
        zen.restart(p -> p.valueMap("labels", ValueMap.of("bug", "defect")));
        zen.jira().seed(NewIssue.builder("SYNC", "Export fails").labels("defect", "ui").build());
        ZenTask task = zen.integration().importItem("jira", "SYNC-1");
        assertThat(zen.taskField(task.id(), "labels")).isEqualTo("bug ui");

        zen.editTask(task.id(), "labels", "bug perf ui");
        assertThat(synced(task.id())).hasSucceeded();

        assertThat(zen.jira().issue("SYNC-1").orElseThrow().labels()).containsExactlyInAnyOrder("defect", "perf", "ui");
        assertThat(synced(task.id())).hasSucceeded().hasNoChanges();
    }

    @Test
    void givenAStatusMapWhenATaskIsPublishedThenTheIssueGetsTheMappedStatus() {
        zen.restart(p -> p.valueMap("status", STATUS));
        ZenTask task = zen.taskStore().create(ZenTask.builder("zen-1", "Write the guide").status("Doing").build());

        zen.integration().publish(task.id(), "jira");

        assertThat(jiraStatus()).isEqualTo("In Progress");
        assertThat(synced(task.id())).hasSucceeded().hasNoChanges();
        assertThat(zen.task(task.id())).hasStatus("Doing");
    }
}
