package dev.zen.integration.it.jira;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.FieldChange;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.ZenIntegrationExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Jira refuses a write the engine asked for: what each side holds afterwards, and what the result says. */
class JiraRefusedWritesTest {
    @RegisterExtension
    ZenIntegrationExtension zen = ZenIntegrationExtension.builder().clockStart("2026-05-01T08:00:00Z")
            .configureProvider(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW)
                    .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).maxAttempts(2)
                            .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
                            .circuitBreaker(100, Duration.ofSeconds(1)).build())).build();

    /** Task SYNC-1 imported, then its status changed on both sides: Zen "Done", Jira "In Progress". */
    private ConflictRecord statusConflict() {
        zen.jira().seed(NewIssue.builder("SYNC", "Export fails").build());
        ZenTask task = zen.integration().importItem("jira", "SYNC-1");
        zen.clock().advance(Duration.ofSeconds(1));
        zen.taskStore().update(task.toBuilder().status("Done").build());
        zen.jira().simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");
        assertThat(zen.sync(task.id(), SyncDirection.BIDIRECTIONAL)).hasSucceeded();
        assertThat(zen.integration().conflicts()).hasSize(1);
        return zen.integration().conflicts().get(0);
    }

    @Test
    void givenAStatusConflictWhenJiraRefusesTheMergedValueThenNeitherSideChangesAndTheConflictStaysOpen() {
        ConflictRecord conflict = statusConflict();
        String taskId = conflict.taskId();

        assertThatThrownBy(() -> zen.integration().resolve(conflict.id(), ConflictResolution.merged("Bogus")))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA));

        assertThat(zen.task(taskId)).hasStatus("Done");
        assertThat(zen.jira().issue("SYNC-1").orElseThrow().status()).isEqualTo("In Progress");
        assertThat(zen.integration().conflicts()).containsExactly(conflict);
        assertThat(zen.record(taskId).status()).isEqualTo(SyncStatus.CONFLICT);
    }

    @Test
    void givenANewTitleAndAnImpossibleStatusWhenSyncedThenTheFailedRowListsTheTitleJiraWrote() {
        zen.jira().seed(NewIssue.builder("SYNC", "Export fails").build());
        ZenTask task = zen.integration().importItem("jira", "SYNC-1");
        zen.clock().advance(Duration.ofSeconds(1));
        zen.taskStore().update(task.toBuilder().title("Export fails for 2 GB files").status("Impossible").build());

        TaskSyncResult result = zen.sync(task.id(), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();

        assertThat(result).hasFailedWith(ErrorCode.INVALID_DATA);
        assertThat(zen.jira().issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails for 2 GB files");
        assertThat(result).hasExactlyChanges(
                new FieldChange("title", FieldChange.Side.REMOTE, "Export fails", "Export fails for 2 GB files"));
        assertThat(zen.events().events(SyncEvent.Type.FIELD_CHANGED)).extracting(SyncEvent::field)
                .containsExactly("title");
    }

    @Test
    void givenATitleJiraWroteBeforeRefusingTheStatusWhenZenEditsTheTitleAgainThenItIsPushedWithoutAConflict() {
        zen.jira().seed(NewIssue.builder("SYNC", "Export fails").build());
        ZenTask task = zen.integration().importItem("jira", "SYNC-1");
        zen.clock().advance(Duration.ofSeconds(1));
        zen.taskStore().update(task.toBuilder().title("Export fails for 2 GB files").status("Impossible").build());
        assertThat(zen.sync(task.id(), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow())
                .hasFailedWith(ErrorCode.INVALID_DATA);
        zen.editTask(task.id(), "title", "Export fails for 3 GB files");
        zen.editTask(task.id(), "status", "In Progress");

        TaskSyncResult result = zen.sync(task.id(), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();

        assertThat(result).hasSucceeded().hasNoConflicts();
        assertThat(zen.jira().issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails for 3 GB files");
        assertThat(zen.jira().issue("SYNC-1").orElseThrow().status()).isEqualTo("In Progress");
        assertThat(zen.integration().conflicts()).isEmpty();
    }

    @Test
    void givenTwoQueuedChangesWhenJiraRefusesTheSecondOnDeliveryThenTheFailedRowListsTheFirst() {
        zen.jira().seed(NewIssue.builder("SYNC", "Export fails").build());
        ZenTask task = zen.integration().importItem("jira", "SYNC-1");
        zen.jira().inject(FaultRule.onAny().always().respond(Fault.serverError(503)));
        zen.editTask(task.id(), "title", "Export fails for 2 GB files");
        assertThat(zen.sync(task.id(), SyncDirection.BIDIRECTIONAL)).resultFor(task.id())
                .hasOutcome(TaskSyncResult.Outcome.QUEUED);
        zen.editTask(task.id(), "status", "Impossible");
        assertThat(zen.sync(task.id(), SyncDirection.BIDIRECTIONAL)).resultFor(task.id())
                .hasOutcome(TaskSyncResult.Outcome.QUEUED);
        assertThat(zen.record(task.id()).pendingChanges()).hasSize(2);
        zen.jira().clearFaults();

        TaskSyncResult result = zen.sync(task.id(), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();

        assertThat(result).hasFailedWith(ErrorCode.INVALID_DATA);
        assertThat(zen.jira().issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails for 2 GB files");
        assertThat(result).hasExactlyChanges(
                new FieldChange("title", FieldChange.Side.REMOTE, "Export fails", "Export fails for 2 GB files"));
        assertThat(zen.record(task.id()).pendingChanges()).hasSize(1);
    }

    @Test
    void givenAStatusConflictWhenResolvedWithAValueJiraAcceptsThenBothSidesHoldIt() {
        ConflictRecord conflict = statusConflict();

        zen.integration().resolve(conflict.id(), ConflictResolution.merged("To Do"));

        assertThat(zen.task(conflict.taskId())).hasStatus("To Do");
        assertThat(zen.jira().issue("SYNC-1").orElseThrow().status()).isEqualTo("To Do");
        assertThat(zen.integration().conflicts()).isEmpty();
    }
}
