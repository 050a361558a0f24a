package dev.zen.integration.it.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ScopeReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental polls of a whole-project scope against FakeJira with search lag: what a colleague creates, edits,
 * moves to another project and deletes between two polls is picked up, none missed when the lag is shorter than
 * the overlap window, even when a poll ran while the changes were still missing from search.
 */
class ScopePollTest {
    private static final Duration LAG = Duration.ofMillis(1500);
    @TempDir Path workspace;
    private final FakeJira jira = FakeJira.builder().realistic().searchLag(LAG).start();
    private final Colleague colleague = new Colleague(jira);
    private ZenIntegration zen;

    @BeforeEach
    void importProject() {
        jira.addProject("OPS", "Operations");
        for (int i = 1; i <= 12; i++) jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Issue " + i).build());
        zen = ScopeFixture.open(workspace, jira.baseUrl().toString(), ScopeConfig.builder().pageSize(5).build(), null);
        ScopeReport bulk = ScopeFixture.importAll(zen, 10);
        assertThat(bulk.failures()).isEmpty();
        assertThat(links()).hasSize(12);
    }

    @AfterEach
    void stop() {
        if (zen != null) zen.close();
        jira.close();
    }

    @Test
    void givenCreatesEditsMovesAndDeletesWhenPolledAfterTheLagThenThePollPicksUpEachOne() throws Exception {
        Map<String, String> before = links();
        Changes changes = changeEverything(before);
        Thread.sleep(LAG.toMillis() + 300);

        ScopeReport poll = zen.syncScope(ScopeFixture.PROVIDER);

        assertThat(poll.bulk()).isFalse();
        assertThat(poll.failures()).isEmpty();
        assertPickedUp(before, changes);
    }

    @Test
    void givenAPollWhileTheChangesLagInSearchWhenPolledAgainThenTheOverlapFindsEveryOne() throws Exception {
        Map<String, String> before = links();
        Changes changes = changeEverything(before);
        ScopeReport early = zen.syncScope(ScopeFixture.PROVIDER); // search does not show the writes yet
        assertThat(early.failures()).isEmpty();
        assertThat(links().values()).doesNotHaveDuplicates();
        Thread.sleep(LAG.toMillis() + 300);

        ScopeReport poll = zen.syncScope(ScopeFixture.PROVIDER);

        assertThat(poll.failures()).isEmpty();
        assertPickedUp(before, changes);
        ScopeReport quiet = zen.syncScope(ScopeFixture.PROVIDER);
        assertThat(quiet.imported()).as("a poll without changes imports nothing").isZero();
        assertThat(quiet.removed()).isZero();
        assertPickedUp(before, changes);
    }

    @Test
    void givenSeveralPollsAlreadyRanWhenIssuesChangeBetweenTwoPollsThenTheNextPollPicksUpEachOne() throws Exception {
        for (int i = 0; i < 3; i++) zen.syncScope(ScopeFixture.PROVIDER); // not the first poll after the import
        Map<String, String> before = links();
        Changes changes = changeEverything(before);
        Thread.sleep(LAG.toMillis() + 300);

        ScopeReport poll = zen.syncScope(ScopeFixture.PROVIDER);

        assertThat(poll.failures()).isEmpty();
        assertPickedUp(before, changes);
    }

    /** What the colleague did: keys created, edited (new summary), moved (old key) and deleted. */
    private record Changes(List<String> created, Map<String, String> edited, List<String> moved,
                           List<String> deleted) {}

    private Changes changeEverything(Map<String, String> before) {
        List<String> created = List.of(colleague.create("New A"), colleague.create("New B"),
                colleague.create("New C"));
        Map<String, String> edited = Map.of("SYNC-1", "Edited 1", "SYNC-2", "Edited 2", "SYNC-3", "Edited 3");
        edited.forEach(colleague::editSummary);
        colleague.editSummary("SYNC-4", "Edited, then moved");
        colleague.move("SYNC-4", "OPS");
        colleague.move("SYNC-5", "OPS");
        colleague.delete("SYNC-6");
        colleague.delete("SYNC-7");
        assertThat(before).containsKeys("SYNC-4", "SYNC-5", "SYNC-6", "SYNC-7");
        return new Changes(created, edited, List.of("SYNC-4", "SYNC-5"), List.of("SYNC-6", "SYNC-7"));
    }

    private void assertPickedUp(Map<String, String> before, Changes changes) {
        Map<String, String> now = links();
        assertThat(now.values()).as("tasks linked twice").doesNotHaveDuplicates();
        for (String key : changes.created()) {
            assertThat(now).as("created " + key).containsKey(key);
            assertThat(title(now.get(key))).startsWith("New ");
        }
        changes.edited().forEach((key, summary) -> assertThat(title(now.get(key))).as(key).isEqualTo(summary));
        for (String key : changes.moved()) {
            assertThat(now).as("moved out of the scope: unlinked").doesNotContainKey(key);
            assertThat(zen.taskStore().find(before.get(key))).as("the task stays").isPresent();
        }
        for (String key : changes.deleted()) {
            assertThat(now).as("deleted: unlinked").doesNotContainKey(key);
            assertThat(zen.taskStore().find(before.get(key))).as("the task stays").isPresent();
        }
        assertThat(now).hasSize(12 + 3 - 4);
        assertThat(zen.taskStore().list()).hasSize(12 + 3);
        assertThat(jira.issues(FakeJira.DEFAULT_PROJECT)).hasSize(12 + 3 - 4);
    }

    private String title(String taskId) {
        Optional<ZenTask> task = zen.taskStore().find(taskId);
        return task.map(ZenTask::title).orElse(null);
    }

    /** External key to task id. */
    private Map<String, String> links() {
        return zen.recordStore().list().stream()
                .collect(Collectors.toMap(TaskSyncRecord::externalId, TaskSyncRecord::taskId));
    }
}
