package dev.zen.integration.it.github;

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
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.github.GitHubIssue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole stack: engine, resilience, the WASM runtime and the real GitHub plugin, against FakeGitHub. */
class GitHubPluginSyncTest {
    private static final String ISSUES = "/repos/zen-sync/tasks/issues";
    @TempDir Path workspace;
    FakeGitHub github;
    ZenIntegration zen;

    @BeforeEach
    void start() {
        github = FakeGitHub.start();
        github.addUser("octo", "Octo Cat", true);
        zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("github-bot", Credential.bearer(FakeGitHub.DEFAULT_TOKEN)))
                .provider(ProviderConfig.builder("github")
                        .serverUrl(github.baseUrl().toString())
                        .setting("repository", FakeGitHub.DEFAULT_REPOSITORY)
                        .credentialsRef("github-bot")
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
        if (github != null) github.close();
    }

    private TaskSyncResult sync(String taskId) {
        return zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL).result(taskId).orElseThrow();
    }

    @Test
    void givenAGitHubIssueWhenImportedEditedAndSyncedThenBothSidesFollowWithoutEcho() {
        github.seedIssue("Export fails", "Repro", "backend");

        ZenTask task = zen.importItem("github", "1");
        assertThat(task.title()).isEqualTo("Export fails");
        assertThat(task.labels()).containsExactly("backend");
        assertThat(task.status()).isEqualTo("To Do");

        zen.taskStore().update(task.toBuilder().title("Export fails for 2 GB files").build());
        TaskSyncResult pushed = sync(task.id());
        assertThat(pushed.success()).as(String.valueOf(pushed.error())).isTrue();
        assertThat(github.issue(1).orElseThrow().title()).isEqualTo("Export fails for 2 GB files");

        github.simulateEdit(1, "octo", Map.of("labels", List.of("backend", "in progress")));
        sync(task.id());
        assertThat(zen.taskStore().find(task.id()).orElseThrow().status()).isEqualTo("In Progress");

        github.clearRequests();
        TaskSyncResult again = sync(task.id());
        assertThat(again.outcome()).isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
        assertThat(github.requests().stream().filter(r -> !r.method().equals("GET")).toList()).isEmpty();
    }

    @Test
    void givenAnIssueClosedAsNotPlannedAndReopenedOnGitHubWhenSyncedThenZenFollowsAndPushesDoneAsCompleted() {
        github.seedIssue("Close me", null);
        ZenTask task = zen.importItem("github", "1");

        github.simulateEdit(1, "octo", Map.of("state", "closed", "state_reason", "not_planned"));
        sync(task.id());
        assertThat(zen.taskStore().find(task.id()).orElseThrow().status()).isEqualTo("Won't Do");

        github.simulateEdit(1, "octo", Map.of("state", "open"));
        sync(task.id());
        assertThat(zen.taskStore().find(task.id()).orElseThrow().status()).isEqualTo("To Do");
        assertThat(github.issue(1).orElseThrow().stateReason()).isEqualTo("reopened");

        ZenTask current = zen.taskStore().find(task.id()).orElseThrow();
        zen.taskStore().update(current.toBuilder().status("Done").build());
        assertThat(sync(task.id()).success()).isTrue();
        GitHubIssue closed = github.issue(1).orElseThrow();
        assertThat(closed.state()).isEqualTo("closed");
        assertThat(closed.stateReason()).isEqualTo("completed");
    }

    @Test
    void givenLabelAndAssigneeChangesOnBothSidesWhenSyncedThenEachArrives() {
        github.seedIssue("People", null, "a");
        ZenTask task = zen.importItem("github", "1");

        github.simulateEdit(1, "octo", Map.of("assignees", List.of("octo"), "labels", List.of("a", "b")));
        sync(task.id());
        ZenTask pulled = zen.taskStore().find(task.id()).orElseThrow();
        assertThat(pulled.assignee()).isEqualTo("octo");
        assertThat(pulled.labels()).containsExactly("a", "b");

        zen.taskStore().update(pulled.toBuilder().labels("c").assignee(null).build());
        assertThat(sync(task.id()).success()).isTrue();
        assertThat(github.issue(1).orElseThrow().labels()).containsExactly("c");
        assertThat(github.issue(1).orElseThrow().assignees()).isEmpty();
    }

    @Test
    void givenAPullRequestWhenImportedThenNotFoundAndNoTask() {
        github.seedPullRequest("A pull request");

        assertThatThrownBy(() -> zen.importItem("github", "1"))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(zen.taskStore().list()).isEmpty();
    }

    @Test
    void givenAZenTaskWhenPublishedTwiceThenOneIssueExists() {
        zen.taskStore().create(ZenTask.builder("task-1", "Publish me").labels("zen").build());

        TaskSyncRecord record = zen.publish("task-1", "github");

        assertThat(github.issues()).hasSize(1);
        assertThat(record.externalId()).isEqualTo("zen-sync/tasks#1");
        assertThat(github.issue(1).orElseThrow().title()).isEqualTo("Publish me");
        zen.unlink("task-1");
        zen.publish("task-1", "github"); // the hidden marker finds the issue again
        assertThat(github.issues()).hasSize(1);
    }

    @Test
    void givenSearchLagsWhenACreateCommitsThenFailsThenPublishLeavesExactlyOneIssue() {
        github.searchLag(Duration.ofMinutes(10)); // search would not show the new issue; the list endpoint does
        zen.taskStore().create(ZenTask.builder("task-1", "Publish me once").build());
        github.inject(FaultRule.on("POST", ISSUES).respond(Fault.commitThen(Fault.serverError(502))));

        TaskSyncRecord record;
        try {
            record = zen.publish("task-1", "github");
        } catch (IntegrationException e) {
            throw new AssertionError(github.requests().stream().map(r -> r.method() + " " + r.path() + "?" + r.query()
                    + " " + r.status()).toList().toString(), e);
        }

        assertThat(github.issues()).extracting(GitHubIssue::number).containsExactly(1);
        assertThat(record.externalId()).isEqualTo("zen-sync/tasks#1");
        assertThat(github.requests("POST", ISSUES)).hasSize(1);
    }

    @Test
    void givenAnUnchangedIssueWhenSyncedRepeatedlyThenConditionalReadsSpendNoRateLimit() {
        github.seedIssue("Poll me", null);
        ZenTask task = zen.importItem("github", "1");
        sync(task.id());
        int used = github.rateLimitUsed();

        for (int i = 0; i < 5; i++) assertThat(sync(task.id()).outcome()).isEqualTo(TaskSyncResult.Outcome.UNCHANGED);

        assertThat(github.rateLimitUsed()).isEqualTo(used);
        assertThat(github.requests()).filteredOn(r -> r.status() == 304).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void givenASecondaryRateLimitWhenSyncedThenTheEngineBacksOffAndSucceeds() {
        github.seedIssue("Limited", null);
        ZenTask task = zen.importItem("github", "1");
        zen.taskStore().update(task.toBuilder().title("Limited, then written").build());
        github.inject(FaultRule.on("PATCH", ISSUES + "/1")
                .respond(Fault.secondaryRateLimited(403, Duration.ofSeconds(1))));

        TaskSyncResult result = sync(task.id());

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(github.issue(1).orElseThrow().title()).isEqualTo("Limited, then written");
        assertThat(github.requests("PATCH", ISSUES + "/1")).hasSize(2);
    }

    @Test
    void givenBothSidesEditTheTitleWhenSyncedUnderManualReviewThenAConflictIsRecordedAndGitHubIsUntouched() {
        zen.close();
        zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("github-bot", Credential.bearer(FakeGitHub.DEFAULT_TOKEN)))
                .provider(ProviderConfig.builder("github").serverUrl(github.baseUrl().toString())
                        .setting("repository", FakeGitHub.DEFAULT_REPOSITORY).credentialsRef("github-bot")
                        .conflictStrategy(ConflictStrategy.MANUAL_REVIEW).build())
                .build();
        github.seedIssue("Original", null);
        ZenTask task = zen.importItem("github", "1");
        zen.taskStore().update(task.toBuilder().title("Zen's title").build());
        github.simulateEdit(1, "octo", Map.of("title", "GitHub's title"));

        sync(task.id());

        assertThat(zen.conflicts()).singleElement().satisfies(c -> assertThat(c.taskId()).isEqualTo(task.id()));
        assertThat(github.issue(1).orElseThrow().title()).isEqualTo("GitHub's title");
        assertThat(zen.taskStore().find(task.id()).orElseThrow().title()).isEqualTo("Zen's title");
    }
}
