package dev.zen.integration.it.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ScopeReport;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.github.FakeGitHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-project sync through the real GitHub plugin against FakeGitHub: pages by Link, GitHub's clock, filters. */
class GitHubScopeSyncTest {
    @TempDir Path workspace;
    final FakeGitHub github = FakeGitHub.start();
    ZenIntegration zen;

    ZenIntegration start(ScopeConfig scope) {
        zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("github-bot", Credential.bearer(FakeGitHub.DEFAULT_TOKEN)))
                .provider(ProviderConfig.builder("github").serverUrl(github.baseUrl().toString())
                        .setting("repository", FakeGitHub.DEFAULT_REPOSITORY).credentialsRef("github-bot")
                        .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).maxAttempts(2)
                                .backoff(Duration.ofMillis(5), Duration.ofMillis(10)).build())
                        .scope(scope).build())
                .build();
        return zen;
    }

    @AfterEach
    void stop() {
        if (zen != null) zen.close();
        github.close();
    }

    @Test
    void givenOneHundredTwentyIssuesWhenTheBulkRunsThenTwoPagesImportThemAndTheWatermarkIsGitHubsClock() {
        for (int i = 1; i <= 120; i++) github.seedIssue("Issue " + i, null);
        start(ScopeConfig.defaults());
        Instant before = Instant.now().minusSeconds(1);

        ScopeReport bulk = zen.syncScope("github");

        assertThat(bulk.failures()).isEmpty();
        assertThat(bulk.imported()).isEqualTo(120);
        assertThat(bulk.bulkDone()).isTrue();
        assertThat(bulk.watermark()).isBetween(before.minusSeconds(1), Instant.now()); // the Date header, whole seconds
        assertThat(bulk.watermark().getNano()).isZero();
        assertThat(zen.taskStore().list()).hasSize(120);
        github.simulateEdit(7, FakeGitHub.DEFAULT_LOGIN, Map.of("title", "Edited on github.com"));

        ScopeReport poll = zen.syncScope("github");

        assertThat(poll.updated()).isEqualTo(1);
        String taskId = zen.recordStore().findByExternal("github", FakeGitHub.DEFAULT_REPOSITORY + "#7").orElseThrow()
                .taskId();
        assertThat(zen.taskStore().find(taskId).map(ZenTask::title)).contains("Edited on github.com");
    }

    @Test
    void givenASearchFilterWhenTheBulkRunsThenOnlyMatchingIssuesAreImported() {
        github.seedIssue("Tagged", null, "zen");
        github.seedIssue("Untagged", null);
        github.seedIssue("Also tagged", null, "zen");
        start(ScopeConfig.builder().filter("label:zen").build());

        ScopeReport bulk = zen.syncScope("github");

        assertThat(bulk.imported()).isEqualTo(2);
        assertThat(zen.taskStore().list()).extracting(ZenTask::title).containsExactlyInAnyOrder("Tagged", "Also tagged");
    }
}
