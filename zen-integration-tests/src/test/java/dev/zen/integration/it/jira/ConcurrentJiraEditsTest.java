package dev.zen.integration.it.jira;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.ZenIntegrationExtension;
import dev.zen.integration.testkit.junit.ZenTestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person edits the Jira issue while a sync of its task runs: between the engine's read and its write, or while
 * the write waits out a 429. Jira has no conditional update, so the engine must notice and never silently replace
 * the person's value with the older Zen one (docs/sync.md, "Concurrent edits during a sync").
 */
class ConcurrentJiraEditsTest {
    private static final String DANA = "dana-account-id";
    private static final String ISSUE_PATH = "/rest/api/3/issue/[^/]+";

    @RegisterExtension
    ZenIntegrationExtension zen = ZenIntegrationExtension.builder()
            .configureProvider(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW)
                    .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).maxAttempts(3)
                            .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
                            .circuitBreaker(100, Duration.ofSeconds(1)).build())).build();

    private ZenTask task;

    @BeforeEach
    void linkedTask() {
        zen.jira().addUser(JiraUser.of(DANA, "Dana"));
        zen.jira().seed(NewIssue.builder("SYNC", "Export fails").description("Upload a file.").labels("a")
                .priority("Medium").build());
        task = zen.integration().importItem("jira", "SYNC-1");
    }

    private IssueSnapshot issue() {
        return zen.jira().issue("SYNC-1").orElseThrow();
    }

    private TaskSyncResult sync() {
        return zen.sync(task.id(), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();
    }

    @Test
    void givenAPersonSetsThePriorityWhileOurWriteWaitsOutA429ThenTheirValueIsAnOpenConflictAndStaysInJira()
            throws Exception {
        zen.editTask(task.id(), "priority", "Highest");
        zen.jira().inject(FaultRule.onPathMatching("PUT", ISSUE_PATH)
                .respond(Fault.rateLimited(Duration.ofSeconds(2), "jira-per-issue-on-write")));

        CompletableFuture<SyncReport> running = zen.integration().syncAsync(
                SyncRequest.of(List.of(task.id()), SyncDirection.BIDIRECTIONAL));
        Thread.sleep(700);
        zen.jira().simulateEdit("SYNC-1", DANA, Map.of("priority", "High"));
        running.get(30, TimeUnit.SECONDS);

        assertThat(issue().priority()).isEqualTo("High");
        assertThat(zen.task(task.id())).hasPriority("Highest");
        assertThat(zen.integration().conflicts()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("priority");
            assertThat(c.localValue()).isEqualTo("Highest");
            assertThat(c.remoteValue()).isEqualTo("High");
        });
    }

    @Test
    void givenAPersonSetsThePriorityBetweenThePluginsReadAndItsWriteThenTheirValueIsRestoredAndAnOpenConflict() {
        zen.editTask(task.id(), "priority", "Highest");
        zen.jira().beforeNext("PUT", ISSUE_PATH, () -> zen.jira().simulateEdit("SYNC-1", DANA, Map.of("priority", "High")));

        TaskSyncResult result = sync();

        assertThat(result).hasOutcome(TaskSyncResult.Outcome.CONFLICT);
        assertThat(issue().priority()).isEqualTo("High");
        assertThat(zen.task(task.id())).hasPriority("Highest");
        ConflictRecord conflict = zen.integration().conflicts().get(0);
        assertThat(conflict.field()).isEqualTo("priority");
        assertThat(conflict.baseValue()).isEqualTo("Medium");
        assertThat(conflict.remoteValue()).isEqualTo("High");
        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.CONFLICT);
        assertThat(zen.integration().conflicts()).containsExactly(conflict);
    }

    @Test
    void givenAPersonsEditBeforeOurWriteCommitsAndItsAnswerFailsWhenTheUpdateIsRetriedThenTheirValueIsRestored() {
        zen.editTask(task.id(), "priority", "Highest");
        zen.jira().inject(FaultRule.onPathMatching("PUT", ISSUE_PATH).respond(Fault.commitThen(Fault.serverError(502))));
        zen.jira().beforeNext("PUT", ISSUE_PATH, () -> zen.jira().simulateEdit("SYNC-1", DANA, Map.of("priority", "High")));

        TaskSyncResult result = sync();

        assertThat(result).hasOutcome(TaskSyncResult.Outcome.CONFLICT);
        assertThat(issue().priority()).isEqualTo("High");
        assertThat(zen.task(task.id())).hasPriority("Highest");
        assertThat(zen.integration().conflicts()).singleElement()
                .satisfies(c -> assertThat(c.remoteValue()).isEqualTo("High"));
    }

    @Test
    void givenAPersonEditsEachKindOfFieldDuringOurWriteUnderRemoteWinsThenZenTakesTheirValues() {
        zen.integration().close();
        zen.restart(p -> p.conflictStrategy(ConflictStrategy.REMOTE_WINS));
        zen.editTask(task.id(), "title", "Export fails for 2 GB files");
        zen.editTask(task.id(), "labels", "a b");
        zen.editTask(task.id(), "description", "Upload a 2 GB file.");
        zen.jira().beforeNext("PUT", ISSUE_PATH, () -> zen.jira().simulateEdit("SYNC-1", DANA,
                Map.of("summary", "Export crashes", "labels", List.of("c"), "description", "Upload any file.")));

        sync();

        assertThat(zen.task(task.id())).hasTitle("Export crashes").hasDescription("Upload any file.");
        assertThat(zen.task(task.id()).labels()).containsExactly("c");
        assertThat(issue().summary()).isEqualTo("Export crashes");
        assertThat(issue().labels()).containsExactly("c");
        assertThat(issue().description()).isEqualTo("Upload any file.");
        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
    }

    @Test
    void givenAPersonMovesTheStatusBetweenThePluginsReadAndItsTransitionThenTheirStatusIsRestoredAndAnOpenConflict() {
        try (ZenTestEnvironment env = ZenTestEnvironment.builder().simplifiedWorkflow()
                .configureProvider(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW)).build()) {
            env.jira().addUser(JiraUser.of(DANA, "Dana"));
            env.jira().seed(NewIssue.builder("SYNC", "Export fails").build());
            ZenTask t = env.integration().importItem("jira", "SYNC-1");
            env.editTask(t.id(), "status", "In Progress");
            env.jira().beforeNext("POST", ISSUE_PATH + "/transitions",
                    () -> env.jira().simulateStatusChange("SYNC-1", DANA, "Done"));

            TaskSyncResult result = env.sync(t.id(), SyncDirection.BIDIRECTIONAL).result(t.id()).orElseThrow();

            assertThat(result).hasOutcome(TaskSyncResult.Outcome.CONFLICT);
            assertThat(env.jira().issue("SYNC-1").orElseThrow().status()).isEqualTo("Done");
            assertThat(env.task(t.id())).hasStatus("In Progress");
            assertThat(env.integration().conflicts()).singleElement()
                    .satisfies(c -> assertThat(c.remoteValue()).isEqualTo("Done"));
        }
    }

    @Test
    void givenAPersonEditsAnotherFieldWhileOurWriteIsDelayedThenTheNextSyncPullsIt() {
        zen.editTask(task.id(), "title", "Export fails for 2 GB files");
        zen.jira().beforeNext("PUT", ISSUE_PATH,
                () -> zen.jira().simulateEdit("SYNC-1", DANA, Map.of("description", "Upload any file.")));

        sync();
        sync();

        assertThat(zen.task(task.id())).hasTitle("Export fails for 2 GB files").hasDescription("Upload any file.");
        assertThat(issue().summary()).isEqualTo("Export fails for 2 GB files");
        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
    }

    @Test
    void givenAQueuedChangeWhoseLabelsLandedBeforeItsTransitionFailedWhenZenEditsLabelsAgainThenNoConflict() {
        zen.editTask(task.id(), "labels", "b");
        zen.editTask(task.id(), "status", "In Progress");
        zen.jira().inject(FaultRule.onPathMatching("POST", ISSUE_PATH + "/transitions").always()
                .respond(Fault.serverError(500)));
        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.QUEUED);
        assertThat(issue().labels()).containsExactly("b");
        zen.editTask(task.id(), "labels", "c");
        sync();
        zen.jira().clearFaults();

        TaskSyncResult result = sync();

        assertThat(result).hasSucceeded();
        assertThat(zen.integration().conflicts()).isEmpty();
        assertThat(issue().labels()).containsExactly("c");
        assertThat(issue().status()).isEqualTo("In Progress");
        assertThat(zen.task(task.id()).labels()).containsExactly("c");
        assertThat(zen.record(task.id()).pendingChanges()).isEmpty();
    }

    @Test
    void givenAPersonSetsThePriorityWhileAConflictOnItIsResolvedThenNothingIsOverwrittenAndTheConflictShowsTheirValue() {
        zen.editTask(task.id(), "priority", "Highest");
        zen.jira().simulateEdit("SYNC-1", DANA, Map.of("priority", "Low"));
        assertThat(sync()).hasOutcome(TaskSyncResult.Outcome.CONFLICT);
        ConflictRecord conflict = zen.integration().conflicts().get(0);
        zen.jira().beforeNext("PUT", ISSUE_PATH, () -> zen.jira().simulateEdit("SYNC-1", DANA, Map.of("priority", "High")));

        Throwable refused = catchThrowable(() -> zen.integration().resolve(conflict.id(), ConflictResolution.local()));

        assertThat(refused).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT);
            assertThat(e.getMessage()).contains("priority", "while this conflict was being resolved");
        });
        assertThat(issue().priority()).as("the person's value stays in Jira").isEqualTo("High");
        assertThat(zen.task(task.id())).hasPriority("Highest");
        assertThat(zen.integration().conflicts()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(conflict.id());
            assertThat(c.remoteValue()).isEqualTo("High");
        });
    }
}
