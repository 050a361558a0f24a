package dev.zen.integration.it.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole stack: engine, resilience, the WASM runtime and the real Jira plugin, against FakeJira. */
class JiraPluginSyncTest {
    @TempDir Path workspace;
    FakeJira jira;
    ZenIntegration zen;

    @BeforeEach
    void start() {
        jira = FakeJira.start();
        zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                .provider(ProviderConfig.builder("jira")
                        .serverUrl(jira.baseUrl().toString())
                        .projectKey(FakeJira.DEFAULT_PROJECT)
                        .credentialsRef("jira-bot")
                        .conflictStrategy(ConflictStrategy.REMOTE_WINS)
                        .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).maxAttempts(2)
                                .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
                                .circuitBreaker(100, Duration.ofSeconds(1)).build())
                        .build())
                .build();
    }

    @AfterEach
    void stop() {
        if (zen != null) zen.close();
        if (jira != null) jira.close();
    }

    @Test
    void givenAJiraIssueWhenImportedEditedAndSyncedThenBothSidesFollowWithoutEcho() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").labels("backend").build());

        ZenTask task = zen.importItem("jira", "SYNC-1");
        assertThat(task.title()).isEqualTo("Export fails");
        assertThat(task.labels()).containsExactly("backend");

        zen.taskStore().update(task.toBuilder().title("Export fails for 2 GB files").build());
        TaskSyncResult pushed = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();
        assertThat(pushed.success()).as(String.valueOf(pushed.error())).isTrue();
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails for 2 GB files");

        jira.simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");
        zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL);
        assertThat(zen.taskStore().find(task.id()).orElseThrow().status()).isEqualTo("In Progress");

        jira.clearRequests();
        TaskSyncResult again = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();
        assertThat(again.outcome()).isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
        assertThat(jira.requests().stream().filter(r -> !r.method().equals("GET")).toList()).isEmpty();
    }

    @Test
    void givenAZenTaskWhenPublishedTwiceThenOneIssueExistsAndTheTaskIsLinked() {
        zen.taskStore().create(ZenTask.builder("task-1", "Publish me").labels("zen").build());

        TaskSyncRecord record = zen.publish("task-1", "jira");

        assertThat(jira.issues("SYNC")).hasSize(1);
        assertThat(jira.issue(record.externalId()).orElseThrow().summary()).isEqualTo("Publish me");
        zen.unlink("task-1");
        zen.publish("task-1", "jira"); // same idempotency key: found again, not duplicated
        assertThat(jira.issues("SYNC")).hasSize(1);
    }

    @Test
    void givenSearchLagsThirtySecondsWhenACommittedCreateFailsThenTheRetriedPublishLeavesExactlyOneIssue() {
        jira.searchLag(Duration.ofSeconds(30)); // as Jira Cloud's index: new issues are missing from search for a while
        zen.taskStore().create(ZenTask.builder("task-1", "Publish me once").build());
        // The create commits and answers 502, and the follow-up read of the new key fails as well.
        jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(502))));
        jira.inject(FaultRule.on("GET", "/rest/api/3/issue/SYNC-1").fromOccurrence(2).times(1)
                .respond(Fault.serverError(502)));
        assertThatThrownBy(() -> zen.publish("task-1", "jira")).isInstanceOf(IntegrationException.class);
        assertThat(jira.issues("SYNC")).hasSize(1);

        TaskSyncRecord record = zen.publish("task-1", "jira");

        assertThat(jira.issues("SYNC")).extracting(IssueSnapshot::key).containsExactly("SYNC-1");
        assertThat(jira.issue(record.externalId()).orElseThrow().key()).isEqualTo("SYNC-1");
        assertThat(jira.requests("POST", "/rest/api/3/issue")).hasSize(1);
    }

    @Test
    void givenSearchLagsThirtySecondsWhenACreateCommitsThenFailsThenPublishSucceedsWithOneIssue() {
        jira.searchLag(Duration.ofSeconds(30));
        zen.taskStore().create(ZenTask.builder("task-1", "Publish me once").build());
        jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(502))));

        TaskSyncRecord record = zen.publish("task-1", "jira");

        assertThat(jira.issues("SYNC")).extracting(IssueSnapshot::key).containsExactly("SYNC-1");
        assertThat(jira.issue(record.externalId()).orElseThrow().key()).isEqualTo("SYNC-1");
    }

    @Test
    void givenATwoMegabyteDescriptionWhenPublishedThenInvalidDataNamesTheFieldAndTheLimitAndNoIssueIsCreated() {
        zen.taskStore().create(ZenTask.builder("task-1", "Huge").description("d".repeat(2_000_000)).build());

        assertThatThrownBy(() -> zen.publish("task-1", "jira"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
                    assertThat(e.getMessage()).contains("description").contains("32767");
                    assertThat(e.details()).containsEntry("field", "description").containsEntry("limit", "32767");
                });
        assertThat(jira.issues("SYNC")).isEmpty();

        zen.taskStore().create(ZenTask.builder("task-2", "Fits").description("d".repeat(32_767)).build());
        TaskSyncRecord fits = zen.publish("task-2", "jira");
        assertThat(jira.issue(fits.externalId()).orElseThrow().description()).hasSize(32_767);
    }

    @Test
    void givenATitleJiraRefusesWhenSyncedThenTheRowFailsNamingTheFieldAndTheLimitAndJiraIsUntouched() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        ZenTask task = zen.importItem("jira", "SYNC-1");
        zen.taskStore().update(task.toBuilder().title("t".repeat(300)).build());

        TaskSyncResult row = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();

        assertThat(row.success()).isFalse();
        assertThat(row.error().orElseThrow().toString()).contains("title").contains("254");
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails");
    }

    @Test
    void givenJiraIsDownWhenAZenEditSyncsThenItIsQueuedAndDeliveredOnceWhenJiraIsBack() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        ZenTask task = zen.importItem("jira", "SYNC-1");
        zen.taskStore().update(task.toBuilder().title("Edited while Jira was down").build());
        jira.inject(FaultRule.onAny().always().respond(Fault.serverError(503)));

        TaskSyncResult offline = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();

        assertThat(offline.outcome()).as(String.valueOf(offline.error())).isEqualTo(TaskSyncResult.Outcome.QUEUED);
        assertThat(offline.fromCache()).isTrue();
        assertThat(zen.status().pendingChanges()).isEqualTo(1);
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails");

        jira.clearFaults();
        jira.clearRequests();
        zen.flushPending();
        zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL);

        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Edited while Jira was down");
        assertThat(jira.requests().stream().filter(r -> r.method().equals("PUT")).count()).isEqualTo(1);
        assertThat(zen.status().pendingChanges()).isZero();
    }
}
