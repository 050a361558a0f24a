package dev.zen.integration.it.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.FieldChange;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.SyncEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncScenariosTest {
    SyncFixture f;

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    static Map<String, String> fields() {
        return Map.of("title", "Export fails", "status", "To Do", "priority", "Medium", "labels", "backend");
    }

    @Test
    void givenARemoteOnlyChange_whenSyncedBidirectionally_thenItIsPulledAndNothingIsPushed() {
        f = new SyncFixture();
        String key = f.linkedPair("task-1", fields());
        f.remoteEdit(key, "status", "In Progress");

        SyncReport report = f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        assertThat(f.local("task-1", "status")).isEqualTo("In Progress");
        assertThat(report.result("task-1").orElseThrow().outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
        assertThat(report.result("task-1").orElseThrow().changes())
                .containsExactly(new FieldChange("status", FieldChange.Side.LOCAL, "To Do", "In Progress"));
        assertThat(report.result("task-1").orElseThrow().conflicts()).isEmpty();
        assertThat(f.tracker.calls(PluginOperation.UPDATE_TASK)).isZero();
    }

    @Test
    void givenALocalOnlyChange_whenSyncedBidirectionally_thenOnlyThatFieldIsPushed() {
        f = new SyncFixture();
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "title", "Export fails for 2 GB files");

        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        assertThat(f.remote(key, "title")).isEqualTo("Export fails for 2 GB files");
        assertThat(f.tracker.callLog()).filteredOn(c -> c.startsWith("update_task"))
                .containsExactly("update_task {\"id\":\"" + key + "\",\"fields\":{\"title\":\"Export fails for 2 GB files\"}}");
    }

    @Test
    void givenOurOwnPush_whenSyncedAgain_thenItIsNotReportedAsARemoteChange() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "priority", "High");
        f.sync("task-1", SyncDirection.BIDIRECTIONAL);
        assertThat(f.record("task-1").baseSnapshot()).containsEntry("priority", "High"); // what we wrote is the base
        f.tracker.resetCalls();

        TaskSyncResult again = f.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();
        f.localEdit("task-1", "priority", "Low"); // a later Zen edit of the same field is not a conflict
        TaskSyncResult later = f.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

        assertThat(again.outcome()).isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
        assertThat(again.changes()).isEmpty();
        assertThat(later.conflicts()).isEmpty();
        assertThat(later.changes()).containsExactly(new FieldChange("priority", FieldChange.Side.REMOTE, "High", "Low"));
        assertThat(f.remote(key, "priority")).isEqualTo("Low");
        assertThat(f.tracker.calls(PluginOperation.UPDATE_TASK)).isEqualTo(1);
    }

    @Test
    void givenTheSameChangeOnBothSides_whenSynced_thenNoConflictAndNoWrite() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "status", "Done");
        f.remoteEdit(key, "status", "Done");

        TaskSyncResult r = f.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

        assertThat(r.conflicts()).isEmpty();
        assertThat(r.outcome()).isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
        assertThat(f.zen.conflicts()).isEmpty();
        assertThat(f.record("task-1").baseSnapshot()).containsEntry("status", "Done");
    }

    @Test
    void givenDifferentChangesUnderManualReview_whenSynced_thenAConflictIsStoredAndNothingConflictingIsOverwritten() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "status", "Done");
        f.remoteEdit(key, "status", "Blocked");
        f.remoteEdit(key, "priority", "High"); // a non-conflicting change still flows

        TaskSyncResult r = f.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

        assertThat(r.outcome()).isEqualTo(TaskSyncResult.Outcome.CONFLICT);
        assertThat(f.local("task-1", "status")).isEqualTo("Done");
        assertThat(f.remote(key, "status")).isEqualTo("Blocked");
        assertThat(f.local("task-1", "priority")).isEqualTo("High");
        assertThat(f.record("task-1").status()).isEqualTo(SyncStatus.CONFLICT);
        ConflictRecord c = f.zen.conflicts().get(0);
        assertThat(c).extracting(ConflictRecord::field, ConflictRecord::baseValue, ConflictRecord::localValue,
                ConflictRecord::remoteValue).containsExactly("status", "To Do", "Done", "Blocked");
        assertThat(f.events.events(SyncEvent.Type.CONFLICT_DETECTED)).hasSize(1);
    }

    @Test
    void givenAnOpenConflict_whenSyncedAgainWithoutEdits_thenTheSameConflictStaysOnce() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "status", "Done");
        f.remoteEdit(key, "status", "Blocked");
        f.sync("task-1", SyncDirection.BIDIRECTIONAL);
        String id = f.zen.conflicts().get(0).id();

        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        assertThat(f.zen.conflicts()).extracting(ConflictRecord::id).containsExactly(id);
    }

    @Test
    void givenAConflict_whenResolvedLocal_thenTheZenValueIsPushedAndBecomesTheBase() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "status", "Done");
        f.remoteEdit(key, "status", "Blocked");
        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        TaskSyncResult r = f.zen.resolve(f.zen.conflicts().get(0).id(), ConflictResolution.local());

        assertThat(r.success()).isTrue();
        assertThat(f.remote(key, "status")).isEqualTo("Done");
        assertThat(f.zen.conflicts()).isEmpty();
        assertThat(f.record("task-1").status()).isEqualTo(SyncStatus.ACTIVE);
        assertThat(f.record("task-1").baseSnapshot()).containsEntry("status", "Done");
        assertThat(f.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow().outcome())
                .isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
    }

    @Test
    void givenAConflict_whenResolvedRemote_thenTheExternalValueIsWrittenToZen() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "status", "Done");
        f.remoteEdit(key, "status", "Blocked");
        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        f.zen.resolve(f.zen.conflicts().get(0).id(), ConflictResolution.remote());

        assertThat(f.local("task-1", "status")).isEqualTo("Blocked");
        assertThat(f.zen.conflicts()).isEmpty();
    }

    @Test
    void givenAConflict_whenResolvedWithAMergedValue_thenBothSidesGetIt() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "title", "Export fails (local)");
        f.remoteEdit(key, "title", "Export fails (remote)");
        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        f.zen.resolve(f.zen.conflicts().get(0).id(), ConflictResolution.merged("Export fails (merged)"));

        assertThat(f.local("task-1", "title")).isEqualTo("Export fails (merged)");
        assertThat(f.remote(key, "title")).isEqualTo("Export fails (merged)");
    }

    @Test
    void givenAnUnknownConflictId_whenResolved_thenNotFound() {
        f = new SyncFixture();
        assertThatThrownBy(() -> f.zen.resolve("nope", ConflictResolution.local()))
                .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void givenStatusIsPullOnly_whenBothSidesChangeOtherFields_thenStatusIsNeverPushed() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.LOCAL_WINS)
                .fieldDirection("status", SyncDirection.PULL));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "status", "Done");
        f.localEdit("task-1", "priority", "High");

        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        assertThat(f.remote(key, "status")).isEqualTo("To Do");
        assertThat(f.remote(key, "priority")).isEqualTo("High");
        f.remoteEdit(key, "status", "In Progress");
        f.sync("task-1", SyncDirection.BIDIRECTIONAL);
        assertThat(f.local("task-1", "status")).isEqualTo("Done"); // local_wins keeps the Zen value
        assertThat(f.remote(key, "status")).isEqualTo("In Progress"); // and never pushes a pull-only field
    }

    @Test
    void givenAPerFieldStrategy_whenBothSidesConflictOnTwoFields_thenEachFieldUsesItsOwn() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.REMOTE_WINS)
                .fieldConflictStrategy("title", ConflictStrategy.LOCAL_WINS));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "title", "local title");
        f.localEdit("task-1", "status", "Done");
        f.remoteEdit(key, "title", "remote title");
        f.remoteEdit(key, "status", "Blocked");

        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        assertThat(f.remote(key, "title")).isEqualTo("local title");
        assertThat(f.local("task-1", "status")).isEqualTo("Blocked");
    }

    @Test
    void givenAStrategyOverrideInTheRequest_whenConflicting_thenTheOverrideWins() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "status", "Done");
        f.remoteEdit(key, "status", "Blocked");

        f.zen.sync(SyncRequest.builder().tasks("task-1").conflictStrategy(ConflictStrategy.REMOTE_WINS).build());

        assertThat(f.local("task-1", "status")).isEqualTo("Blocked");
        assertThat(f.zen.conflicts()).isEmpty();
    }

    @Test
    void givenATimestampStrategy_whenTheRemoteChangedLast_thenTheRemoteValueWins() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.TIMESTAMP));
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "status", "Done");
        f.remoteEdit(key, "status", "Blocked");

        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        assertThat(f.local("task-1", "status")).isEqualTo("Blocked");
    }

    @Test
    void givenATimestampStrategy_whenZenChangedLast_thenTheZenValueWins() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.TIMESTAMP));
        String key = f.linkedPair("task-1", fields());
        f.remoteEdit(key, "status", "Blocked");
        f.localEdit("task-1", "status", "Done");

        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        assertThat(f.remote(key, "status")).isEqualTo("Done");
    }

    @Test
    void givenADryRun_whenChangesArePending_thenTheReportListsThemAndNothingIsWritten() {
        f = new SyncFixture();
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "title", "new title");
        f.remoteEdit(key, "status", "Done");
        TaskSyncRecord before = f.record("task-1");
        long taskVersion = f.tasks.find("task-1").orElseThrow().version();

        SyncReport report = f.zen.sync(SyncRequest.builder().tasks("task-1").dryRun(true).build());

        assertThat(report.dryRun()).isTrue();
        assertThat(report.result("task-1").orElseThrow().changes()).containsExactlyInAnyOrder(
                new FieldChange("title", FieldChange.Side.REMOTE, "Export fails", "new title"),
                new FieldChange("status", FieldChange.Side.LOCAL, "To Do", "Done"));
        assertThat(f.record("task-1")).isEqualTo(before);
        assertThat(f.tasks.find("task-1").orElseThrow().version()).isEqualTo(taskVersion);
        assertThat(f.remote(key, "title")).isEqualTo("Export fails");
        assertThat(f.tracker.calls(PluginOperation.UPDATE_TASK)).isZero();
        assertThat(f.events.events(SyncEvent.Type.FIELD_CHANGED)).hasSize(2)
                .allSatisfy(e -> assertThat(e.attributes()).containsEntry("dry_run", "true"));
    }

    @Test
    void givenNothingChanged_whenSynced_thenTheUnchangedShortcutSkipsTheWriteUnlessForced() {
        f = new SyncFixture();
        f.linkedPair("task-1", fields());
        long version = f.record("task-1").version();

        f.sync("task-1", SyncDirection.BIDIRECTIONAL);
        assertThat(f.record("task-1").version()).isEqualTo(version);

        f.zen.sync(SyncRequest.builder().tasks("task-1").force(true).build());
        assertThat(f.record("task-1").version()).isEqualTo(version + 1);
        assertThat(f.record("task-1").lastSyncTime()).isEqualTo(f.clock.instant());
    }

    @Test
    void givenPullDirection_whenBothSidesChanged_thenOnlyRemoteChangesFlow() {
        f = new SyncFixture();
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "title", "local title");
        f.remoteEdit(key, "priority", "High");

        f.sync("task-1", SyncDirection.PULL);

        assertThat(f.local("task-1", "priority")).isEqualTo("High");
        assertThat(f.remote(key, "title")).isEqualTo("Export fails");
    }

    @Test
    void givenPushDirection_whenBothSidesChanged_thenOnlyLocalChangesFlow() {
        f = new SyncFixture();
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "title", "local title");
        f.remoteEdit(key, "priority", "High");

        f.sync("task-1", SyncDirection.PUSH);

        assertThat(f.remote(key, "title")).isEqualTo("local title");
        assertThat(f.local("task-1", "priority")).isEqualTo("Medium");
    }

    @Test
    void givenABatchWithOneBrokenLink_whenSynced_thenTheOthersSyncAndTheReportListsEveryTask() {
        f = new SyncFixture();
        String k1 = f.linkedPair("task-1", fields());
        String k2 = f.linkedPair("task-2", fields());
        String k3 = f.linkedPair("task-3", fields());
        f.localEdit("task-1", "title", "one");
        f.localEdit("task-2", "title", "two");
        f.localEdit("task-3", "title", "three");
        f.tracker.failNextFor(k2, ErrorCode.AUTH_FAILED);

        SyncReport report = f.zen.sync(SyncRequest.builder().tasks("task-1", "task-2", "task-3", "task-9").build());

        assertThat(report.results()).extracting(TaskSyncResult::taskId)
                .containsExactly("task-1", "task-2", "task-3", "task-9");
        assertThat(report.status()).isEqualTo(SyncReport.Status.PARTIAL);
        assertThat(report.failures()).singleElement().satisfies(r -> {
            assertThat(r.taskId()).isEqualTo("task-2");
            assertThat(r.error().code()).isEqualTo(ErrorCode.AUTH_FAILED);
        });
        assertThat(report.result("task-9").orElseThrow().outcome()).isEqualTo(TaskSyncResult.Outcome.SKIPPED);
        assertThat(f.remote(k1, "title")).isEqualTo("one");
        assertThat(f.remote(k2, "title")).isEqualTo("Export fails");
        assertThat(f.remote(k3, "title")).isEqualTo("three");
        assertThat(f.record("task-2").status()).isEqualTo(SyncStatus.ERROR);
        assertThat(f.zen.status().errorCount()).isEqualTo(1);

        f.sync("task-2", SyncDirection.BIDIRECTIONAL); // the next sync recovers
        assertThat(f.remote(k2, "title")).isEqualTo("two");
        assertThat(f.record("task-2").status()).isEqualTo(SyncStatus.ACTIVE);
    }

    @Test
    void givenAnExternalItem_whenImported_thenANewLinkedTaskHasItsFields() {
        f = new SyncFixture();
        String key = f.tracker.seed(Map.of("title", "From tracker", "status", "In Progress", "labels", List.of("b", "a")));

        ZenTask task = f.zen.importItem("fake", key);

        assertThat(task.title()).isEqualTo("From tracker");
        assertThat(task.status()).isEqualTo("In Progress");
        assertThat(task.labels()).containsExactly("a", "b");
        assertThat(f.record(task.id()).externalId()).isEqualTo(key);
        assertThat(f.sync(task.id(), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow().outcome())
                .isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
        assertThatThrownBy(() -> f.zen.importItem("fake", key))
                .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
    }

    @Test
    void givenACreateThatCommittedButFailed_whenPublishIsRetried_thenExactlyOneItemExists() {
        f = new SyncFixture();
        f.tasks.create(ZenTask.builder("task-1", "Publish me").status("To Do").build());
        f.tracker.commitThenFail(PluginOperation.CREATE_TASK, ErrorCode.NETWORK_ERROR);

        assertThatThrownBy(() -> f.zen.publish("task-1", "fake"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NETWORK_ERROR));
        TaskSyncRecord rec = f.zen.publish("task-1", "fake");

        assertThat(f.tracker.size()).isEqualTo(1);
        assertThat(rec.externalId()).isEqualTo(f.tracker.keys().get(0));
        assertThat(f.tracker.callLog()).filteredOn(c -> c.startsWith("create_task"))
                .allMatch(c -> c.contains("\"idempotency_key\":\"zen-task:task-1\""));
        assertThat(f.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow().outcome())
                .isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
    }

    @Test
    void givenALinkedItem_whenAnotherTaskLinksIt_thenSyncConflict() {
        f = new SyncFixture();
        String key = f.linkedPair("task-1", fields());
        f.tasks.create(ZenTask.builder("task-2", "other").build());

        assertThatThrownBy(() -> f.zen.link("task-2", "fake", key))
                .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
        assertThatThrownBy(() -> f.zen.link("task-1", "fake", f.tracker.seed(Map.of("title", "x"))))
                .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
    }

    @Test
    void givenALinkedTask_whenUnlinked_thenTheItemCanBeLinkedAgainAndNeitherSideChanged() {
        f = new SyncFixture();
        String key = f.linkedPair("task-1", fields());

        f.zen.unlink("task-1");

        assertThat(f.records.find("task-1")).isEmpty();
        assertThat(f.local("task-1", "title")).isEqualTo("Export fails");
        assertThat(f.remote(key, "title")).isEqualTo("Export fails");
        assertThat(f.zen.link("task-1", "fake", key).externalId()).isEqualTo(key);
    }

    @Test
    void givenAFreshLinkWithDifferingFields_whenSynced_thenTheStrategyDecides() {
        f = new SyncFixture(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW));
        f.tasks.create(ZenTask.builder("task-1", "Same").status("Done").build());
        String key = f.tracker.seed(Map.of("title", "Same", "status", "To Do"));
        f.zen.link("task-1", "fake", key);

        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        assertThat(f.zen.conflicts()).extracting(ConflictRecord::field).containsExactly("status");
        assertThat(f.record("task-1").baseSnapshot()).containsEntry("title", "Same");
    }

    @Test
    void givenAnUnknownProvider_whenLinking_thenAConfigErrorNamesTheConfiguredOnes() {
        f = new SyncFixture();
        assertThatThrownBy(() -> f.zen.link("task-1", "jira", "X-1"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR))
                .hasMessageContaining("[fake]");
    }

    @Test
    void givenManyTasks_whenSyncedAsync_thenEveryOneIsInTheReport() throws Exception {
        f = new SyncFixture();
        for (int i = 0; i < 12; i++) {
            String key = f.linkedPair("task-" + i, fields());
            f.remoteEdit(key, "status", "Done " + i);
        }

        SyncReport report = f.zen.syncAsync(SyncRequest.builder().build()).get();

        assertThat(report.results()).hasSize(12).allMatch(TaskSyncResult::success);
        for (int i = 0; i < 12; i++) assertThat(f.local("task-" + i, "status")).isEqualTo("Done " + i);
    }

    @Test
    void givenALinkMadeWhileTheProviderWasPullOnly_whenReconfiguredBidirectional_thenZenChangesArePushed() {
        SyncFixture pullOnly = new SyncFixture(p -> p.syncDirection(SyncDirection.PULL));
        String key = pullOnly.linkedPair("task-1", fields());
        pullOnly.localEdit("task-1", "title", "pushed later");
        pullOnly.sync("task-1", SyncDirection.BIDIRECTIONAL);
        assertThat(pullOnly.remote(key, "title")).isEqualTo("Export fails");
        pullOnly.close();

        f = new SyncFixture(p -> p, pullOnly.tracker, pullOnly.tasks, pullOnly.records);
        f.sync("task-1", SyncDirection.BIDIRECTIONAL);

        assertThat(f.remote(key, "title")).isEqualTo("pushed later");
    }

    @Test
    void givenAZenChangeLeftByAPullOnlySync_whenABidirectionalSyncFollows_thenTheUnchangedShortcutDoesNotHideIt() {
        f = new SyncFixture();
        String key = f.linkedPair("task-1", fields());
        f.localEdit("task-1", "title", "needs a push");
        f.sync("task-1", SyncDirection.PULL);

        TaskSyncResult r = f.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

        assertThat(r.outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
        assertThat(f.remote(key, "title")).isEqualTo("needs a push");
    }
}
