package dev.zen.integration.it.github;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.testkit.fake.RecordedRequest;
import dev.zen.integration.testkit.github.GitHubIssue;
import dev.zen.integration.testkit.junit.Fake;
import dev.zen.integration.testkit.junit.ZenIntegrationExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person edits the GitHub issue while a sync of its task runs, after the engine read it and before the plugin's
 * write. GitHub has no conditional PATCH, so the plugin re-reads the issue (conditionally) just before writing and
 * must never replace the person's value with the older Zen one (docs/plugin-abi.md, "Concurrent edits").
 */
class ConcurrentGitHubEditsTest {
    private static final String OCTO = "octo";
    private static final String ISSUE_PATH = "/repos/zen-sync/tasks/issues/1";

    @RegisterExtension
    ZenIntegrationExtension zen = ZenIntegrationExtension.builder().fakes(Fake.GITHUB)
            .configureProvider(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW)).build();

    private ZenTask task;

    @BeforeEach
    void linkedTask() {
        zen.github().addUser(OCTO, "Octo Cat", true);
        zen.github().seedIssue("Export fails", "Upload a file.", "a");
        task = zen.integration().importItem("github", "1");
    }

    private GitHubIssue issue() {
        return zen.github().issue(1).orElseThrow();
    }

    private TaskSyncResult sync() {
        return zen.sync(task.id(), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();
    }

    /** The person's edit lands after the engine's read (the sync's first GET), before the plugin's re-read. */
    private void editAfterTheEnginesRead(Map<String, ?> fields) {
        zen.github().beforeNext("GET", ISSUE_PATH, () -> zen.github().beforeNext("GET", ISSUE_PATH,
                () -> zen.github().simulateEdit(1, OCTO, fields)));
    }

    @Test
    void givenAPersonRetitlesTheIssueDuringOurWriteThenTheirTitleStaysAndIsAnOpenConflict() {
        zen.editTask(task.id(), "title", "Export fails for 2 GB files");
        editAfterTheEnginesRead(Map.of("title", "Export crashes"));

        TaskSyncResult result = sync();

        assertThat(result).hasOutcome(TaskSyncResult.Outcome.CONFLICT);
        assertThat(issue()).hasTitle("Export crashes");
        assertThat(zen.task(task.id())).hasTitle("Export fails for 2 GB files");
        ConflictRecord conflict = zen.integration().conflicts().get(0);
        assertThat(conflict.field()).isEqualTo("title");
        assertThat(conflict.baseValue()).isEqualTo("Export fails");
        assertThat(conflict.localValue()).isEqualTo("Export fails for 2 GB files");
        assertThat(conflict.remoteValue()).isEqualTo("Export crashes");
    }

    @Test
    void givenAPersonEditsLabelsAndStatusDuringOurWriteUnderRemoteWinsThenZenTakesTheirValues() {
        zen.integration().close();
        zen.restart(p -> p.conflictStrategy(ConflictStrategy.REMOTE_WINS));
        zen.editTask(task.id(), "labels", "a b");
        zen.editTask(task.id(), "status", "Done");
        editAfterTheEnginesRead(Map.of("labels", List.of("c", "in progress")));

        sync();

        assertThat(issue()).isOpen().hasExactlyLabels("c", "in progress");
        assertThat(zen.task(task.id())).hasStatus("In Progress");
        assertThat(zen.task(task.id()).labels()).containsExactly("c");
        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
    }

    @Test
    void givenAPersonEditsAnotherFieldDuringOurWriteThenOursIsWrittenAndTheirsPulled() {
        zen.editTask(task.id(), "title", "Export fails for 2 GB files");
        editAfterTheEnginesRead(Map.of("body", "Upload any file."));

        sync();
        sync();

        assertThat(issue()).hasTitle("Export fails for 2 GB files");
        assertThat(zen.task(task.id())).hasTitle("Export fails for 2 GB files").hasDescription("Upload any file.");
        assertThat(zen.integration().conflicts()).isEmpty();
        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
    }

    @Test
    void givenNoConcurrentEditWhenPushingThenThePluginsReReadIsAFree304() {
        zen.editTask(task.id(), "title", "Export fails for 2 GB files");
        zen.github().clearRequests();
        int usedBefore = zen.github().rateLimitUsed();

        assertThat(sync()).hasSucceeded();

        List<RecordedRequest> gets = zen.github().requests("GET", ISSUE_PATH);
        assertThat(gets).extracting(RecordedRequest::status).contains(304);
        assertThat(zen.github().requests("PATCH", ISSUE_PATH)).hasSize(1);
        assertThat(zen.github().rateLimitUsed() - usedBefore).isLessThan(zen.github().requests().size());
    }
}
