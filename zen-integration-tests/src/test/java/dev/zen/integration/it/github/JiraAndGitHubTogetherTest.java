package dev.zen.integration.it.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ProviderHealth;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One engine, two providers: some tasks sync with Jira, others with GitHub, at the same time. */
class JiraAndGitHubTogetherTest {
    @TempDir Path workspace;
    final FakeJira jira = FakeJira.start();
    final FakeGitHub github = FakeGitHub.start();
    ZenIntegration zen;

    @AfterEach
    void stop() {
        if (zen != null) zen.close();
        jira.close();
        github.close();
    }

    @Test
    void givenJiraAndGitHubProvidersWhenTasksOfEachAreSyncedTogetherThenEachGoesToItsOwnTracker() {
        zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN))
                        .put("github-bot", Credential.bearer(FakeGitHub.DEFAULT_TOKEN)))
                .provider(ProviderConfig.builder("jira").serverUrl(jira.baseUrl().toString())
                        .projectKey(FakeJira.DEFAULT_PROJECT).credentialsRef("jira-bot").build())
                .provider(ProviderConfig.builder("github").serverUrl(github.baseUrl().toString())
                        .setting("repository", FakeGitHub.DEFAULT_REPOSITORY).credentialsRef("github-bot").build())
                .build();
        jira.seed(NewIssue.builder("SYNC", "From Jira").build());
        github.seedIssue("From GitHub", null);
        ZenTask fromJira = zen.importItem("jira", "SYNC-1");
        ZenTask fromGitHub = zen.importItem("github", "1");
        zen.taskStore().update(fromJira.toBuilder().title("Jira, edited in Zen").build());
        zen.taskStore().update(fromGitHub.toBuilder().title("GitHub, edited in Zen").build());
        github.simulateEdit(1, FakeGitHub.DEFAULT_LOGIN, Map.of("labels", List.of("from-github")));

        SyncReport report = zen.sync(List.of(fromJira.id(), fromGitHub.id()), SyncDirection.BIDIRECTIONAL);

        assertThat(report.results()).hasSize(2).allMatch(TaskSyncResult::success);
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Jira, edited in Zen");
        assertThat(github.issue(1).orElseThrow().title()).isEqualTo("GitHub, edited in Zen");
        assertThat(zen.taskStore().find(fromGitHub.id()).orElseThrow().labels()).containsExactly("from-github");
        assertThat(jira.requests()).noneMatch(r -> r.path().contains("/repos/"));
        assertThat(zen.status().providers()).extracting(ProviderHealth::provider).contains("jira", "github");
    }
}
