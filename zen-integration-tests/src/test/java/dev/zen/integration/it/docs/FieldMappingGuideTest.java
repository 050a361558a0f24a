package dev.zen.integration.it.docs;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.UnmappedPolicy;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ConfigLoader;
import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.NewIssue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/user-guide.md "A complete example" (value maps and typed fields): the YAML block under that heading, read
 * from the guide itself, loaded with ConfigLoader and synced against FakeJira through the real Jira plugin.
 */
class FieldMappingGuideTest {
    private static final String HEADING = "### A complete example";

    @TempDir Path workspace;
    @TempDir Path home;
    FakeJira jira;

    @BeforeEach
    void startJira() {
        jira = FakeJira.start();
    }

    @AfterEach
    void stopJira() {
        jira.close();
    }

    /** The first yaml block after the heading, pointed at the fake. */
    private String guideYaml() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "user-guide.md"), StandardCharsets.UTF_8);
        int at = guide.indexOf(HEADING);
        assertThat(at).as("the guide has the section " + HEADING).isPositive();
        int start = guide.indexOf("```yaml\n", at) + "```yaml\n".length();
        String yaml = guide.substring(start, guide.indexOf("```", start));
        assertThat(yaml).contains("server_url: https://acme.atlassian.net");
        return yaml.replace("https://acme.atlassian.net", jira.baseUrl().toString());
    }

    private ZenIntegration service(IntegrationConfig config) {
        return ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                .config(config).build();
    }

    @Test
    void userGuideValueMapsGivenTheDocumentedConfigurationWhenSyncedThenValuesAndTypesTranslateBothWays()
            throws Exception {
        Files.createDirectories(workspace.resolve(".zen"));
        Files.writeString(workspace.resolve(".zen/config.yaml"), guideYaml(), StandardCharsets.UTF_8);
        IntegrationConfig config = ConfigLoader.builder(workspace).home(home).environment(Map.of()).build().load();
        ProviderConfig p = config.provider("jira").orElseThrow();
        assertThat(p.valueMaps()).containsOnlyKeys("status", "priority", "labels");
        assertThat(p.valueMaps().get("status").unmapped()).isEqualTo(UnmappedPolicy.fail());
        assertThat(p.valueMaps().get("status").writeBack()).containsEntry("category:done", "Done");
        jira.seed(NewIssue.builder("SYNC", "Export fails").priority("Lowest").labels("defect").build());

        try (ZenIntegration zen = service(config)) {
            ZenTask task = zen.importItem("jira", "SYNC-1");
            assertThat(task).hasStatus("Backlog").hasPriority("P3").hasExactlyLabels("bug");

            zen.taskStore().update(task.toBuilder().status("Doing").priority("P1").labels(List.of("bug", "ui"))
                    .extraField("story_points", "5").extraField("team", "Mobile")
                    .extraField("platforms", "iOS, Web").extraField("start", "2026-06-01").build());
            TaskSyncResult pushed = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL).result(task.id())
                    .orElseThrow();

            assertThat(pushed).hasSucceeded().hasNoConflicts();
            IssueSnapshot issue = jira.issue("SYNC-1").orElseThrow();
            assertThat(issue.status()).isEqualTo("In Progress");
            assertThat(issue.priority()).isEqualTo("Highest");
            assertThat(issue.labels()).containsExactlyInAnyOrder("defect", "ui");
            assertThat(zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow())
                    .hasSucceeded().hasNoChanges();

            zen.taskStore().edit(task.id(), t -> t.status("Waiting"));
            assertThat(zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow())
                    .hasFailedWith(ErrorCode.INVALID_DATA).hasErrorMessageContaining("'Waiting'");
            assertThat(jira.issue("SYNC-1").orElseThrow().status()).isEqualTo("In Progress");
        }
    }
}
