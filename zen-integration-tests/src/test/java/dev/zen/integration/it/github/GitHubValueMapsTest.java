package dev.zen.integration.it.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.UnmappedPolicy;
import dev.zen.integration.ValueMap;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.github.GitHubIssue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/github.md "Value maps": a Zen workflow mapped onto the GitHub plugin's default status words. */
class GitHubValueMapsTest {
    @TempDir Path workspace;
    FakeGitHub github;
    ZenIntegration zen;

    @BeforeEach
    void start() {
        github = FakeGitHub.start();
        github.addUser("octo", "Octo Cat", true);
        zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("github-bot", Credential.bearer(FakeGitHub.DEFAULT_TOKEN)))
                .provider(ProviderConfig.builder("github").serverUrl(github.baseUrl().toString())
                        .setting("repository", FakeGitHub.DEFAULT_REPOSITORY).credentialsRef("github-bot")
                        .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).build())
                        .valueMap("status", ValueMap.builder().value("Backlog", "To Do").value("Doing", "In Progress")
                                .value("Review", "In Progress").value("Shipped", "Done")
                                .writeBack("In Progress", "Doing").unmapped(UnmappedPolicy.fail()).build())
                        .build())
                .build();
    }

    @AfterEach
    void stop() {
        zen.close();
        github.close();
    }

    private TaskSyncResult sync(String taskId) {
        return zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL).result(taskId).orElseThrow();
    }

    @Test
    void givenAZenWorkflowMappedOntoGitHubsWordsWhenSyncedThenStatesAndTheProgressLabelFollow() {
        github.seedIssue("Export fails", "Repro", "backend");
        ZenTask task = zen.importItem("github", "1");
        assertThat(task.status()).isEqualTo("Backlog");

        zen.taskStore().update(task.toBuilder().status("Review").build());
        assertThat(sync(task.id()).success()).isTrue();
        GitHubIssue issue = github.issue(1).orElseThrow();
        assertThat(issue.state()).isEqualTo("open");
        assertThat(issue.labels()).containsExactlyInAnyOrder("backend", "in progress");
        assertThat(sync(task.id()).changes()).isEmpty();
        assertThat(zen.taskStore().find(task.id()).orElseThrow().status()).isEqualTo("Review");

        github.simulateEdit(1, "octo", Map.of("state", "closed", "state_reason", "completed"));
        assertThat(sync(task.id()).success()).isTrue();
        assertThat(zen.taskStore().find(task.id()).orElseThrow().status()).isEqualTo("Shipped");

        zen.taskStore().update(zen.taskStore().find(task.id()).orElseThrow().toBuilder().status("Parked").build());
        TaskSyncResult refused = sync(task.id());
        assertThat(refused.error().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_DATA);
        assertThat(github.issue(1).orElseThrow().state()).isEqualTo("closed");
    }
}
