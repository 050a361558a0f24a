package dev.zen.integration.it.github;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.Fake;
import dev.zen.integration.testkit.junit.ZenIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code @ZenIntegrationTest} with both fakes and the real plugins: one service, a provider for each fake. */
@ZenIntegrationTest(fakes = {Fake.JIRA, Fake.GITHUB})
class BothFakesAnnotationTest {
    FakeJira jira;
    FakeGitHub github;
    ZenIntegration zen;

    @Test
    void givenBothFakesInjectedWhenATaskOfEachIsImportedEditedAndSyncedThenEachTrackerGetsItsOwn() {
        jira.seed(NewIssue.builder("SYNC", "From Jira").build());
        github.seedIssue("From GitHub", null, "backend");
        ZenTask fromJira = zen.importItem("jira", "SYNC-1");
        ZenTask fromGitHub = zen.importItem("github", "1");
        zen.taskStore().update(fromJira.toBuilder().title("Jira, edited in Zen").build());
        zen.taskStore().update(fromGitHub.toBuilder().title("GitHub, edited in Zen").status("Done").build());

        SyncReport report = zen.sync(List.of(fromJira.id(), fromGitHub.id()), SyncDirection.BIDIRECTIONAL);

        assertThat(report.results()).hasSize(2).allMatch(TaskSyncResult::success);
        assertThat(jira.issue("SYNC-1").orElseThrow()).hasSummary("Jira, edited in Zen");
        assertThat(github.issue(1).orElseThrow()).hasTitle("GitHub, edited in Zen").isClosedAs("completed")
                .hasExactlyLabels("backend");
    }
}
