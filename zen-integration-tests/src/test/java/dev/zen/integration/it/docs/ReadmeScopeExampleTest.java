package dev.zen.integration.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ScopeReport;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.credentials.EnvCredentialProvider;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md "Keep a whole project in sync": the snippet, run against FakeJira through the real Jira plugin. */
class ReadmeScopeExampleTest {
    @TempDir Path workspace;
    private final FakeJira jira = FakeJira.start();

    @AfterEach
    void stop() {
        jira.close();
    }

    @Test
    void readmeWholeProjectGivenTheSnippetWhenRunTwiceThenItImportsTheScopeThenPollsInANewIssue() {
        jira.seed(NewIssue.builder("SYNC", "Tagged").labels("zen").build());
        jira.seed(NewIssue.builder("SYNC", "Not tagged").build());
        EnvCredentialProvider environment = new EnvCredentialProvider(Map.of(
                "ZEN_CREDENTIAL_JIRA_BOT_USERNAME", FakeJira.DEFAULT_EMAIL,
                "ZEN_CREDENTIAL_JIRA_BOT_TOKEN", FakeJira.DEFAULT_API_TOKEN));
        ProviderConfig jiraConfig = ProviderConfig.builder("jira")
                .serverUrl(jira.baseUrl().toString())
                .projectKey("SYNC")
                .credentialsRef("jira-bot")
                .scope(ScopeConfig.builder()
                        .filter("labels = zen")
                        .onRemoved(ScopeConfig.OnRemoved.ARCHIVE)
                        .build())
                .build();
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).credentialProvider(environment)
                .provider(jiraConfig).build()) {
            ScopeReport report = zen.syncScope("jira");
            assertThat(report.imported()).isEqualTo(1);
            assertThat(report.bulkDone()).isTrue();

            jira.seed(NewIssue.builder("SYNC", "Tagged later").labels("zen").build());
            ScopeReport poll = zen.syncScope("jira");

            assertThat(poll.bulk()).isFalse();
            assertThat(poll.imported()).isEqualTo(1);
            assertThat(zen.taskStore().list()).extracting(ZenTask::title)
                    .containsExactlyInAnyOrder("Tagged", "Tagged later");
        }
    }

    @Test
    void readmeWholeProjectGivenTheReadmeWhenReadThenItShowsTheCallsTheSnippetTestRuns() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme).contains("### Keep a whole project in sync",
                ".scope(ScopeConfig.builder()",
                ".filter(\"labels = zen\")",
                ".onRemoved(ScopeConfig.OnRemoved.ARCHIVE)",
                "ScopeReport report = zen.syncScope(\"jira\");",
                "zen.syncItems(\"jira\", List.of(\"SYNC-42\"))");
        assertThat(List.of(readme.indexOf("## Embedding"), readme.indexOf("### Keep a whole project in sync"),
                readme.indexOf("## Modules"))).isSorted();
    }
}
