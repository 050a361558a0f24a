package dev.zen.integration.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.HealthReport;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pause and resume per link and per provider, health(), and the audit trail, on the default workspace stores. */
class PauseResumeAuditTest {
    @TempDir Path workspace;
    final TestClock clock = TestClock.at("2026-03-01T08:00:00Z");
    final InMemoryTracker tracker = InMemoryTracker.create("fake", clock);
    ZenIntegration zen;
    String key1;
    String key2;

    ZenIntegration open() {
        return ZenIntegration.builder().workspace(workspace).clock(clock).discoverServices(false)
                .providerCalls(ProviderCalls.direct())
                .provider(ProviderConfig.builder("fake").conflictStrategy(ConflictStrategy.MANUAL_REVIEW).build(),
                        tracker)
                .build();
    }

    @BeforeEach
    void twoLinkedTasks() {
        zen = open();
        zen.taskStore().create(ZenTask.builder("task-1", "One").status("To Do").build());
        zen.taskStore().create(ZenTask.builder("task-2", "Two").status("To Do").build());
        key1 = tracker.seed(Map.of("title", "One", "status", "To Do"));
        key2 = tracker.seed(Map.of("title", "Two", "status", "To Do"));
        zen.link("task-1", "fake", key1);
        zen.link("task-2", "fake", key2);
        zen.sync(List.of(), SyncDirection.BIDIRECTIONAL);
    }

    @AfterEach
    void close() {
        zen.close();
    }

    void localEdit(String taskId, String field, String value) {
        clock.advance(Duration.ofSeconds(1));
        ZenTask t = zen.taskStore().find(taskId).orElseThrow();
        Map<String, String> change = new HashMap<>();
        change.put(field, value);
        zen.taskStore().update(ZenTasks.withFields(t, change));
    }

    TaskSyncResult sync(String taskId) {
        clock.advance(Duration.ofSeconds(1));
        return zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL).result(taskId).orElseThrow();
    }

    @Test
    void givenAPausedLinkWhenSyncedThenItIsSkippedAcrossARestartAndResumeCatchesUp() {
        zen.pause("task-1");
        localEdit("task-1", "title", "One, edited while paused");

        TaskSyncResult skipped = sync("task-1");
        zen.close();
        zen = open();
        TaskSyncResult stillSkipped = sync("task-1");
        TaskSyncResult other = sync("task-2");

        assertThat(skipped.outcome()).isEqualTo(TaskSyncResult.Outcome.SKIPPED);
        assertThat(stillSkipped.outcome()).as("the pause is in the record").isEqualTo(TaskSyncResult.Outcome.SKIPPED);
        assertThat(other.outcome()).isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
        assertThat(tracker.field(key1, "title")).contains("One");
        assertThat(zen.recordStore().find("task-1").orElseThrow().status()).isEqualTo(SyncStatus.PAUSED);
        assertThat(zen.operations().providers().get(0).pausedLinks()).isEqualTo(1);

        TaskSyncResult caughtUp = zen.resume("task-1");

        assertThat(caughtUp.outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
        assertThat(tracker.field(key1, "title")).contains("One, edited while paused");
        assertThat(zen.recordStore().find("task-1").orElseThrow().status()).isEqualTo(SyncStatus.ACTIVE);
    }

    @Test
    void givenAPausedProviderWhenSyncedAndFlushedThenAllItsLinksAreSkippedUntilResumed() {
        zen.pauseProvider("fake");
        localEdit("task-1", "title", "One edited");
        localEdit("task-2", "title", "Two edited");
        tracker.resetCalls();

        SyncReport paused = zen.sync(List.of(), SyncDirection.BIDIRECTIONAL);
        SyncReport flushed = zen.flushPending();

        assertThat(paused.results()).extracting(TaskSyncResult::outcome).containsOnly(TaskSyncResult.Outcome.SKIPPED);
        assertThat(flushed.results()).isEmpty();
        assertThat(tracker.calls(PluginOperation.GET_TASK_DATA)).isZero();
        assertThat(zen.operations().providers().get(0).paused()).isTrue();

        SyncReport resumed = zen.resumeProvider("fake");

        assertThat(resumed.results()).extracting(TaskSyncResult::outcome)
                .containsOnly(TaskSyncResult.Outcome.UPDATED).hasSize(2);
        assertThat(tracker.field(key2, "title")).contains("Two edited");
        assertThat(zen.operations().providers().get(0).paused()).isFalse();
    }

    @Test
    void givenUnknownTargetsWhenPausedThenTheErrorNamesWhatIsMissing() {
        IntegrationException noLink = catchThrowableOfType(IntegrationException.class, () -> zen.pause("task-9"));
        IntegrationException noProvider = catchThrowableOfType(IntegrationException.class,
                () -> zen.pauseProvider("github"));

        assertThat(noLink.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(noLink.getMessage()).contains("task-9 is not linked");
        assertThat(noProvider.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(noProvider.getMessage()).contains("provider 'github' is not configured");
    }

    @Test
    void givenRefusedCredentialsAndAStuckOutboxWhenHealthIsAskedThenThoseChecksFailWithTheReason() {
        assertThat(zen.health().ready()).isTrue();

        tracker.failNext(PluginOperation.GET_TASK_DATA, 1, ErrorCode.AUTH_FAILED);
        sync("task-1");
        HealthReport refused = zen.health();
        tracker.unavailable(ErrorCode.PROVIDER_UNAVAILABLE);
        localEdit("task-2", "title", "Two queued");
        assertThat(sync("task-2").outcome()).isEqualTo(TaskSyncResult.Outcome.QUEUED);
        clock.advance(Duration.ofMinutes(20));
        HealthReport stuck = zen.health();

        assertThat(refused.ready()).isFalse();
        assertThat(failed(refused)).containsExactly("credentials");
        assertThat(stuck.ready()).isFalse();
        assertThat(failed(stuck)).contains("outbox");
        assertThat(stuck.checks().stream().filter(c -> c.name().equals("outbox")).findFirst().orElseThrow().message())
                .contains("1 change(s) queued").contains("1200 s");
    }

    static List<String> failed(HealthReport r) {
        return r.checks().stream().filter(c -> !c.ok()).map(HealthReport.Check::name).toList();
    }

    @Test
    void givenPushesPullsAConflictAndAnUnlinkWhenTheTrailIsQueriedAfterARestartThenEveryChangeIsThere() {
        clock.advance(Duration.ofSeconds(1));
        Instant before = clock.instant(); // after the links of the set-up
        localEdit("task-1", "title", "Pushed title");
        sync("task-1");
        tracker.edit(key1, "status", "Done");
        sync("task-1");
        localEdit("task-1", "priority", "High");
        tracker.edit(key1, "priority", "Low");
        TaskSyncResult conflicted = sync("task-1");
        zen.resolve(conflicted.conflicts().get(0).id(), ConflictResolution.remote());
        zen.unlink("task-2");
        zen.close();
        zen = open();

        List<AuditEntry> task1 = zen.audit(AuditQuery.forTask("task-1"));
        List<AuditEntry> recent = zen.audit(AuditQuery.since(before));

        assertThat(task1).extracting(AuditEntry::action).containsSubsequence(AuditEntry.Action.LINKED,
                AuditEntry.Action.FIELD_PUSHED, AuditEntry.Action.FIELD_PULLED, AuditEntry.Action.CONFLICT_OPENED,
                AuditEntry.Action.CONFLICT_RESOLVED);
        AuditEntry pushed = task1.stream().filter(e -> e.action() == AuditEntry.Action.FIELD_PUSHED).findFirst()
                .orElseThrow();
        assertThat(pushed.field()).isEqualTo("title");
        assertThat(pushed.oldValue()).isEqualTo("One");
        assertThat(pushed.newValue()).isEqualTo("Pushed title");
        assertThat(pushed.externalId()).isEqualTo(key1);
        assertThat(recent).extracting(AuditEntry::action).contains(AuditEntry.Action.UNLINKED)
                .doesNotContain(AuditEntry.Action.LINKED);
    }

    @Test
    void givenALongDescriptionWhenPushedThenTheTrailKeepsItsStartLengthAndHashOnly() {
        String longText = "Step one. ".repeat(100);
        localEdit("task-1", "description", longText);
        sync("task-1");

        AuditEntry pushed = zen.audit(AuditQuery.forTask("task-1")).stream()
                .filter(e -> e.action() == AuditEntry.Action.FIELD_PUSHED).findFirst().orElseThrow();

        assertThat(pushed.newValue()).startsWith("Step one. Step one.").contains("[1000 chars, sha256:")
                .hasSizeLessThan(200);
    }
}
