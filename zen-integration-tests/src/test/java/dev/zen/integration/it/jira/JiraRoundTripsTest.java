package dev.zen.integration.it.jira;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.testkit.fake.RecordedRequest;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.ZenIntegrationExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP exchanges per sync (issue 22): a push sync is the engine's read and one write whose answer is the edited
 * issue with its changelog (2 exchanges); an unchanged sync is the read alone (1).
 */
class JiraRoundTripsTest {
    @RegisterExtension
    ZenIntegrationExtension zen = ZenIntegrationExtension.builder().build();

    private ZenTask task;

    @BeforeEach
    void linkedTask() {
        zen.jira().seed(NewIssue.builder("SYNC", "Export fails").description("Upload a file.").labels("a")
                .priority("Medium").build());
        task = zen.integration().importItem("jira", "SYNC-1");
        zen.editTask(task.id(), "title", "Warm-up"); // the plugin learns its own account once (GET /myself)
        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.UPDATED);
        zen.jira().clearRequests();
    }

    private TaskSyncResult sync() {
        return zen.sync(task.id(), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();
    }

    private List<String> exchanges() {
        return zen.jira().requests().stream().map(RecordedRequest::method).toList();
    }

    @Test
    void givenATitleEditInZenWhenPushedThenOneReadAndOneWriteThatAnswersWithTheIssue() {
        zen.editTask(task.id(), "title", "Export fails for 2 GB files");

        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.UPDATED);

        assertThat(exchanges()).containsExactly("GET", "PUT");
        assertThat(zen.jira().requests().get(1).query()).contains("returnIssue=true");
        assertThat(zen.jira().issue("SYNC-1").orElseThrow()).hasSummary("Export fails for 2 GB files");
        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
    }

    @Test
    void givenDescriptionLabelsAndPriorityEditsWhenPushedThenStillTwoExchanges() {
        zen.editTask(task.id(), "description", "Upload a 2 GB file.");
        zen.editTask(task.id(), "labels", "a b");
        zen.editTask(task.id(), "priority", "High");

        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.UPDATED);

        assertThat(exchanges()).containsExactly("GET", "PUT");
        assertThat(zen.jira().issue("SYNC-1").orElseThrow()).hasDescription("Upload a 2 GB file.")
                .hasPriority("High").hasExactlyLabels("a", "b");
    }

    @Test
    void givenNoChangeWhenSyncedThenOneRead() {
        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.UNCHANGED);

        assertThat(exchanges()).containsExactly("GET");
    }
}
