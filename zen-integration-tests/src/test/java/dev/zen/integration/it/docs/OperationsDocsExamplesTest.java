package dev.zen.integration.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.micrometer.ZenMetrics;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the snippets of docs/operations.md "Micrometer", "Plugin lifecycle" and "Audit trail" true, as
 * {@link DocumentationExamplesTest} does for the other sections: FakeJira through the real Jira plugin.
 */
class OperationsDocsExamplesTest {
    @TempDir Path workspace;
    FakeJira fakeJira;
    ProviderConfig jira;

    @BeforeEach
    void startJira() {
        fakeJira = FakeJira.start();
        fakeJira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Export fails").build());
        jira = ProviderConfig.builder("jira").serverUrl(fakeJira.baseUrl().toString())
                .projectKey(FakeJira.DEFAULT_PROJECT).credentialsRef("jira-bot").build();
    }

    @AfterEach
    void stopJira() {
        fakeJira.close();
    }

    private ZenIntegration.Builder builder() {
        return ZenIntegration.builder().discoverServices(false).credentialProvider(new InMemoryCredentialProvider()
                .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)));
    }

    @Test
    void operationsMicrometerGivenTheSnippetWhenATaskSyncsThenTheMetersAreInTheRegistry() {
        MeterRegistry meterRegistry = new SimpleMeterRegistry();

        ZenMetrics metrics = new ZenMetrics();
        try (ZenIntegration zen = builder().workspace(workspace).provider(jira).listener(metrics).build()) {
            metrics.monitor(zen).bindTo(meterRegistry);
            ZenTask task = zen.importItem("jira", "SYNC-1");
            zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL);

            assertThat(meterRegistry.get("zen.sync.operations").tag("outcome", "UNCHANGED").counter().count())
                    .isEqualTo(1);
            assertThat(meterRegistry.get("zen.plugin.load").tag("outcome", "success").timer().count()).isEqualTo(1);
            assertThat(meterRegistry.get("zen.outbox.depth").tag("provider", "jira").gauge().value()).isZero();
        }
    }

    @Test
    void operationsPluginLifecycleGivenAPausedLinkWhenResumedThenTheEditMadeMeanwhileReachesJira() {
        try (ZenIntegration zen = builder().workspace(workspace).provider(jira).build()) {
            String taskId = zen.importItem("jira", "SYNC-1").id();
            zen.pause(taskId);
            ZenTask t = zen.taskStore().find(taskId).orElseThrow();
            zen.taskStore().update(t.toBuilder().title("Export fails on 2 GB").build());

            TaskSyncResult skipped = zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL).result(taskId)
                    .orElseThrow();
            TaskSyncResult caughtUp = zen.resume(taskId);

            assertThat(skipped.outcome()).isEqualTo(TaskSyncResult.Outcome.SKIPPED);
            assertThat(caughtUp.outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
            assertThat(fakeJira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails on 2 GB");
            assertThat(zen.operations().providers().get(0).pluginVersion()).isNotBlank();
        }
    }

    @Test
    void operationsAuditTrailGivenTheTwoQueriesWhenRunThenTheyAnswerWhatHappenedToTheTaskAndInTheLastHour() {
        try (ZenIntegration zen = builder().workspace(workspace).provider(jira).build()) {
            String taskId = zen.importItem("jira", "SYNC-1").id();
            ZenTask t = zen.taskStore().find(taskId).orElseThrow();
            zen.taskStore().update(t.toBuilder().title("Export fails on 2 GB").build());
            zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL);

            List<AuditEntry> ofTask = zen.audit(AuditQuery.forTask(taskId));
            List<AuditEntry> lastHour = zen.audit(AuditQuery.since(Instant.now().minus(Duration.ofHours(1))));

            assertThat(ofTask).extracting(AuditEntry::action)
                    .containsExactly(AuditEntry.Action.IMPORTED, AuditEntry.Action.FIELD_PUSHED);
            assertThat(lastHour).isEqualTo(ofTask);
            assertThat(workspace.resolve(".zen/audit/audit.jsonl")).content().contains("\"task_id\":\"" + taskId + "\"");
        }
    }
}
