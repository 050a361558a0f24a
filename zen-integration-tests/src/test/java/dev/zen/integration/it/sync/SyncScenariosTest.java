package dev.zen.integration.it.sync;

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
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.testkit.junit.ZenIntegrationExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sync scenarios on the testkit's in-memory tracker, grouped by provider configuration; a fresh environment per test. */
class SyncScenariosTest {

    static Map<String, String> fields() {
        return Map.of("title", "Export fails", "status", "To Do", "priority", "Medium", "labels", "backend");
    }

    /** The default configuration (bidirectional, local wins). */
    @Nested
    class Defaults {
        @RegisterExtension
        ZenIntegrationExtension zen = FakeTracker.extension().build();

        @Test
        void givenARemoteOnlyChangeWhenSyncedBidirectionallyThenItIsPulledAndNothingIsPushed() {
            String key = zen.linkedPair("task-1", fields());
            zen.editItem(key, "status", "In Progress");

            SyncReport report = zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(zen.task("task-1")).hasStatus("In Progress");
            assertThat(report).resultFor("task-1").hasOutcome(TaskSyncResult.Outcome.UPDATED);
            assertThat(report).resultFor("task-1")
                    .hasExactlyChanges(new FieldChange("status", FieldChange.Side.LOCAL, "To Do", "In Progress"));
            assertThat(report).resultFor("task-1").hasNoConflicts();
            assertThat(zen.tracker().calls(PluginOperation.UPDATE_TASK)).isZero();
        }

        @Test
        void givenALocalOnlyChangeWhenSyncedBidirectionallyThenOnlyThatFieldIsPushed() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "title", "Export fails for 2 GB files");

            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(zen.itemField(key, "title")).isEqualTo("Export fails for 2 GB files");
            assertThat(zen.tracker().callLog()).filteredOn(c -> c.startsWith("update_task"))
                    .extracting(c -> c.replaceAll(",\"expected_since\":\"[^\"]*\"", ""))
                    .containsExactly("update_task {\"id\":\"" + key
                            + "\",\"fields\":{\"title\":\"Export fails for 2 GB files\"},"
                            + "\"expected\":{\"title\":\"Export fails\"}}");
        }

        @Test
        void givenAnUnknownConflictIdWhenResolvedThenNotFound() {
            assertThatThrownBy(() -> zen.integration().resolve("nope", ConflictResolution.local()))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }

        @Test
        void givenADryRunWhenChangesArePendingThenTheReportListsThemAndNothingIsWritten() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "title", "new title");
            zen.editItem(key, "status", "Done");
            TaskSyncRecord before = zen.record("task-1");
            long taskVersion = zen.task("task-1").version();

            SyncReport report = zen.integration().sync(SyncRequest.builder().tasks("task-1").dryRun(true).build());

            assertThat(report).isDryRun();
            assertThat(report).resultFor("task-1").hasExactlyChangesInAnyOrder(
                    new FieldChange("title", FieldChange.Side.REMOTE, "Export fails", "new title"),
                    new FieldChange("status", FieldChange.Side.LOCAL, "To Do", "Done"));
            assertThat(zen.record("task-1")).isEqualTo(before);
            assertThat(zen.task("task-1")).hasVersion(taskVersion);
            assertThat(zen.itemField(key, "title")).isEqualTo("Export fails");
            assertThat(zen.tracker().calls(PluginOperation.UPDATE_TASK)).isZero();
            assertThat(zen.events().events(SyncEvent.Type.FIELD_CHANGED)).hasSize(2)
                    .allSatisfy(e -> assertThat(e.attributes()).containsEntry("dry_run", "true"));
        }

        @Test
        void givenNothingChangedWhenSyncedThenTheUnchangedShortcutSkipsTheWriteUnlessForced() {
            zen.linkedPair("task-1", fields());
            long version = zen.record("task-1").version();

            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);
            assertThat(zen.record("task-1").version()).isEqualTo(version);

            zen.integration().sync(SyncRequest.builder().tasks("task-1").force(true).build());
            assertThat(zen.record("task-1").version()).isEqualTo(version + 1);
            assertThat(zen.record("task-1").lastSyncTime()).isEqualTo(zen.clock().instant());
        }

        @Test
        void givenPullDirectionWhenBothSidesChangedThenOnlyRemoteChangesFlow() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "title", "local title");
            zen.editItem(key, "priority", "High");

            zen.sync("task-1", SyncDirection.PULL);

            assertThat(zen.task("task-1")).hasPriority("High");
            assertThat(zen.itemField(key, "title")).isEqualTo("Export fails");
        }

        @Test
        void givenPushDirectionWhenBothSidesChangedThenOnlyLocalChangesFlow() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "title", "local title");
            zen.editItem(key, "priority", "High");

            zen.sync("task-1", SyncDirection.PUSH);

            assertThat(zen.itemField(key, "title")).isEqualTo("local title");
            assertThat(zen.task("task-1")).hasPriority("Medium");
        }

        @Test
        void givenABatchWithOneBrokenLinkWhenSyncedThenTheOthersSyncAndTheReportListsEveryTask() {
            String k1 = zen.linkedPair("task-1", fields());
            String k2 = zen.linkedPair("task-2", fields());
            String k3 = zen.linkedPair("task-3", fields());
            zen.editTask("task-1", "title", "one");
            zen.editTask("task-2", "title", "two");
            zen.editTask("task-3", "title", "three");
            zen.tracker().failNextFor(k2, ErrorCode.AUTH_FAILED);

            SyncReport report = zen.integration()
                    .sync(SyncRequest.builder().tasks("task-1", "task-2", "task-3", "task-9").build());

            assertThat(report.results()).extracting(TaskSyncResult::taskId)
                    .containsExactly("task-1", "task-2", "task-3", "task-9");
            assertThat(report).isPartial();
            assertThat(report.failures()).singleElement().satisfies(r -> {
                assertThat(r.taskId()).isEqualTo("task-2");
                assertThat(r.error().orElseThrow().code()).isEqualTo(ErrorCode.AUTH_FAILED);
            });
            assertThat(report).resultFor("task-9").hasOutcome(TaskSyncResult.Outcome.SKIPPED);
            assertThat(zen.itemField(k1, "title")).isEqualTo("one");
            assertThat(zen.itemField(k2, "title")).isEqualTo("Export fails");
            assertThat(zen.itemField(k3, "title")).isEqualTo("three");
            assertThat(zen.record("task-2").status()).isEqualTo(SyncStatus.ERROR);
            assertThat(zen.integration().status().errorCount()).isEqualTo(1);

            zen.sync("task-2", SyncDirection.BIDIRECTIONAL); // the next sync recovers
            assertThat(zen.itemField(k2, "title")).isEqualTo("two");
            assertThat(zen.record("task-2").status()).isEqualTo(SyncStatus.ACTIVE);
        }

        @Test
        void givenAnExternalItemWhenImportedThenANewLinkedTaskHasItsFields() {
            String key = zen.tracker()
                    .seed(Map.of("title", "From tracker", "status", "In Progress", "labels", List.of("b", "a")));

            ZenTask task = zen.integration().importItem("fake", key);

            assertThat(task).hasTitle("From tracker").hasStatus("In Progress").hasExactlyLabels("a", "b");
            assertThat(zen.record(task.id()).externalId()).isEqualTo(key);
            assertThat(zen.sync(task.id(), SyncDirection.BIDIRECTIONAL)).resultFor(task.id())
                    .hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
            assertThatThrownBy(() -> zen.integration().importItem("fake", key))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
        }

        @Test
        void givenACreateThatCommittedButFailedWhenPublishIsRetriedThenExactlyOneItemExists() {
            zen.taskStore().create(ZenTask.builder("task-1", "Publish me").status("To Do").build());
            zen.tracker().commitThenFail(PluginOperation.CREATE_TASK, ErrorCode.NETWORK_ERROR);

            assertThatThrownBy(() -> zen.integration().publish("task-1", "fake"))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NETWORK_ERROR));
            TaskSyncRecord rec = zen.integration().publish("task-1", "fake");

            assertThat(zen.tracker().size()).isEqualTo(1);
            assertThat(rec.externalId()).isEqualTo(zen.tracker().keys().get(0));
            assertThat(zen.tracker().callLog()).filteredOn(c -> c.startsWith("create_task"))
                    .allMatch(c -> c.contains("\"idempotency_key\":\"zen-task:task-1\""));
            assertThat(zen.sync("task-1", SyncDirection.BIDIRECTIONAL)).resultFor("task-1")
                    .hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
        }

        @Test
        void givenALinkedItemWhenAnotherTaskLinksItThenSyncConflict() {
            String key = zen.linkedPair("task-1", fields());
            zen.taskStore().create(ZenTask.builder("task-2", "other").build());

            assertThatThrownBy(() -> zen.integration().link("task-2", "fake", key))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
            assertThatThrownBy(() -> zen.integration().link("task-1", "fake", zen.tracker().seed(Map.of("title", "x"))))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
        }

        @Test
        void givenALinkedTaskWhenUnlinkedThenTheItemCanBeLinkedAgainAndNeitherSideChanged() {
            String key = zen.linkedPair("task-1", fields());

            zen.integration().unlink("task-1");

            assertThat(zen.recordStore().find("task-1")).isEmpty();
            assertThat(zen.task("task-1")).hasTitle("Export fails");
            assertThat(zen.itemField(key, "title")).isEqualTo("Export fails");
            assertThat(zen.integration().link("task-1", "fake", key).externalId()).isEqualTo(key);
        }

        @Test
        void givenAnUnknownProviderWhenLinkingThenAConfigErrorNamesTheConfiguredOnes() {
            assertThatThrownBy(() -> zen.integration().link("task-1", "jira", "X-1"))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR))
                    .hasMessageContaining("[fake]");
        }

        @Test
        void givenManyTasksWhenSyncedAsyncThenEveryOneIsInTheReport() throws Exception {
            for (int i = 0; i < 12; i++) {
                String key = zen.linkedPair("task-" + i, fields());
                zen.editItem(key, "status", "Done " + i);
            }

            SyncReport report = zen.integration().syncAsync(SyncRequest.builder().build()).get();

            assertThat(report.results()).hasSize(12).allMatch(TaskSyncResult::success);
            for (int i = 0; i < 12; i++) assertThat(zen.taskField("task-" + i, "status")).isEqualTo("Done " + i);
        }

        @Test
        void givenAZenChangeLeftByAPullOnlySyncWhenABidirectionalSyncFollowsThenTheUnchangedShortcutDoesNotHideIt() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "title", "needs a push");
            zen.sync("task-1", SyncDirection.PULL);

            TaskSyncResult r = zen.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

            assertThat(r).hasOutcome(TaskSyncResult.Outcome.UPDATED);
            assertThat(zen.itemField(key, "title")).isEqualTo("needs a push");
        }
    }

    /** Conflicts wait for review. */
    @Nested
    class ManualReview {
        @RegisterExtension
        ZenIntegrationExtension zen = FakeTracker.extension()
                .configureProvider(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW)).build();

        @Test
        void givenOurOwnPushWhenSyncedAgainThenItIsNotReportedAsARemoteChange() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "priority", "High");
            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);
            assertThat(zen.record("task-1").baseSnapshot()).containsEntry("priority", "High"); // what we wrote is the base
            zen.tracker().resetCalls();

            TaskSyncResult again = zen.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();
            zen.editTask("task-1", "priority", "Low"); // a later Zen edit of the same field is not a conflict
            TaskSyncResult later = zen.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

            assertThat(again).hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
            assertThat(again).hasNoChanges();
            assertThat(later).hasNoConflicts();
            assertThat(later).hasExactlyChanges(new FieldChange("priority", FieldChange.Side.REMOTE, "High", "Low"));
            assertThat(zen.itemField(key, "priority")).isEqualTo("Low");
            assertThat(zen.tracker().calls(PluginOperation.UPDATE_TASK)).isEqualTo(1);
        }

        @Test
        void givenTheSameChangeOnBothSidesWhenSyncedThenNoConflictAndNoWrite() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "status", "Done");
            zen.editItem(key, "status", "Done");

            TaskSyncResult r = zen.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

            assertThat(r).hasNoConflicts();
            assertThat(r).hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
            assertThat(zen.integration().conflicts()).isEmpty();
            assertThat(zen.record("task-1").baseSnapshot()).containsEntry("status", "Done");
        }

        @Test
        void givenDifferentChangesUnderManualReviewWhenSyncedThenAConflictIsStoredAndNothingConflictingIsOverwritten() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "status", "Done");
            zen.editItem(key, "status", "Blocked");
            zen.editItem(key, "priority", "High"); // a non-conflicting change still flows

            TaskSyncResult r = zen.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

            assertThat(r).hasOutcome(TaskSyncResult.Outcome.CONFLICT);
            assertThat(zen.task("task-1")).hasStatus("Done");
            assertThat(zen.itemField(key, "status")).isEqualTo("Blocked");
            assertThat(zen.task("task-1")).hasPriority("High");
            assertThat(zen.record("task-1").status()).isEqualTo(SyncStatus.CONFLICT);
            ConflictRecord c = zen.integration().conflicts().get(0);
            assertThat(c).extracting(ConflictRecord::field, ConflictRecord::baseValue, ConflictRecord::localValue,
                    ConflictRecord::remoteValue).containsExactly("status", "To Do", "Done", "Blocked");
            assertThat(zen.events().events(SyncEvent.Type.CONFLICT_DETECTED)).hasSize(1);
        }

        @Test
        void givenAnOpenConflictWhenSyncedAgainWithoutEditsThenTheSameConflictStaysOnce() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "status", "Done");
            zen.editItem(key, "status", "Blocked");
            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);
            String id = zen.integration().conflicts().get(0).id();

            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(zen.integration().conflicts()).extracting(ConflictRecord::id).containsExactly(id);
        }

        @Test
        void givenAConflictWhenResolvedLocalThenTheZenValueIsPushedAndBecomesTheBase() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "status", "Done");
            zen.editItem(key, "status", "Blocked");
            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            TaskSyncResult r = zen.integration().resolve(zen.integration().conflicts().get(0).id(), ConflictResolution.local());

            assertThat(r).hasSucceeded();
            assertThat(zen.itemField(key, "status")).isEqualTo("Done");
            assertThat(zen.integration().conflicts()).isEmpty();
            assertThat(zen.record("task-1").status()).isEqualTo(SyncStatus.ACTIVE);
            assertThat(zen.record("task-1").baseSnapshot()).containsEntry("status", "Done");
            assertThat(zen.sync("task-1", SyncDirection.BIDIRECTIONAL)).resultFor("task-1")
                    .hasOutcome(TaskSyncResult.Outcome.UNCHANGED);
        }

        @Test
        void givenAConflictWhenResolvedRemoteThenTheExternalValueIsWrittenToZen() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "status", "Done");
            zen.editItem(key, "status", "Blocked");
            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            zen.integration().resolve(zen.integration().conflicts().get(0).id(), ConflictResolution.remote());

            assertThat(zen.task("task-1")).hasStatus("Blocked");
            assertThat(zen.integration().conflicts()).isEmpty();
        }

        @Test
        void givenAConflictWhenResolvedWithAMergedValueThenBothSidesGetIt() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "title", "Export fails (local)");
            zen.editItem(key, "title", "Export fails (remote)");
            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            zen.integration().resolve(zen.integration().conflicts().get(0).id(),
                    ConflictResolution.merged("Export fails (merged)"));

            assertThat(zen.task("task-1")).hasTitle("Export fails (merged)");
            assertThat(zen.itemField(key, "title")).isEqualTo("Export fails (merged)");
        }

        @Test
        void givenAStrategyOverrideInTheRequestWhenConflictingThenTheOverrideWins() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "status", "Done");
            zen.editItem(key, "status", "Blocked");

            zen.integration().sync(SyncRequest.builder().tasks("task-1").conflictStrategy(ConflictStrategy.REMOTE_WINS).build());

            assertThat(zen.task("task-1")).hasStatus("Blocked");
            assertThat(zen.integration().conflicts()).isEmpty();
        }

        @Test
        void givenAFreshLinkWithDifferingFieldsWhenSyncedThenTheStrategyDecides() {
            zen.taskStore().create(ZenTask.builder("task-1", "Same").status("Done").build());
            String key = zen.tracker().seed(Map.of("title", "Same", "status", "To Do"));
            zen.integration().link("task-1", "fake", key);

            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(zen.integration().conflicts()).extracting(ConflictRecord::field).containsExactly("status");
            assertThat(zen.record("task-1").baseSnapshot()).containsEntry("title", "Same");
        }
    }

    /** Status is pull-only; Zen wins other conflicts. */
    @Nested
    class StatusPullOnly {
        @RegisterExtension
        ZenIntegrationExtension zen = FakeTracker.extension()
                .configureProvider(p -> p.conflictStrategy(ConflictStrategy.LOCAL_WINS)
                        .fieldDirection("status", SyncDirection.PULL)).build();

        @Test
        void givenStatusIsPullOnlyWhenBothSidesChangeOtherFieldsThenStatusIsNeverPushed() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "status", "Done");
            zen.editTask("task-1", "priority", "High");

            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(zen.itemField(key, "status")).isEqualTo("To Do");
            assertThat(zen.itemField(key, "priority")).isEqualTo("High");
            zen.editItem(key, "status", "In Progress");
            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);
            assertThat(zen.task("task-1")).hasStatus("In Progress"); // the field's direction, not local_wins, decides
            assertThat(zen.itemField(key, "status")).isEqualTo("In Progress"); // and a pull-only field is never pushed
        }
    }

    /** Status is pull-only, priority push-only, everything else bidirectional under manual review. */
    @Nested
    class OneWayFieldsUnderManualReview {
        @RegisterExtension
        ZenIntegrationExtension zen = FakeTracker.extension()
                .configureProvider(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW)
                        .fieldDirection("status", SyncDirection.PULL)
                        .fieldDirection("priority", SyncDirection.PUSH)).build();

        @Test
        void givenAPullOnlyFieldEditedInZenWhenTheTrackerChangesItLaterThenTheTrackerValueIsPulledWithoutAConflict() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "status", "Done");
            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);
            zen.editItem(key, "status", "In Progress");

            SyncReport report = zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(report).resultFor("task-1").hasOutcome(TaskSyncResult.Outcome.UPDATED).hasNoConflicts()
                    .hasExactlyChanges(new FieldChange("status", FieldChange.Side.LOCAL, "Done", "In Progress"));
            assertThat(zen.task("task-1")).hasStatus("In Progress");
            assertThat(zen.integration().conflicts()).isEmpty();
        }

        @Test
        void givenAPushOnlyFieldEditedInTheTrackerWhenZenChangesItLaterThenTheZenValueIsPushedWithoutAConflict() {
            String key = zen.linkedPair("task-1", fields());
            zen.editItem(key, "priority", "High");
            zen.sync("task-1", SyncDirection.BIDIRECTIONAL); // not pulled: priority is push-only
            zen.editTask("task-1", "priority", "Low");

            SyncReport report = zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(report).resultFor("task-1").hasOutcome(TaskSyncResult.Outcome.UPDATED).hasNoConflicts()
                    .hasExactlyChanges(new FieldChange("priority", FieldChange.Side.REMOTE, "High", "Low"));
            assertThat(zen.itemField(key, "priority")).isEqualTo("Low");
            assertThat(zen.task("task-1")).hasPriority("Low");
            assertThat(zen.integration().conflicts()).isEmpty();
        }

        @Test
        void givenABidirectionalFieldChangedOnBothSidesWhenSyncedThenItIsStillAConflict() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "title", "local");
            zen.editItem(key, "title", "remote");

            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(zen.integration().conflicts()).extracting(ConflictRecord::field).containsExactly("title");
        }
    }

    /** The tracker wins conflicts, except on the title. */
    @Nested
    class PerFieldStrategy {
        @RegisterExtension
        ZenIntegrationExtension zen = FakeTracker.extension()
                .configureProvider(p -> p.conflictStrategy(ConflictStrategy.REMOTE_WINS)
                        .fieldConflictStrategy("title", ConflictStrategy.LOCAL_WINS)).build();

        @Test
        void givenAPerFieldStrategyWhenBothSidesConflictOnTwoFieldsThenEachFieldUsesItsOwn() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "title", "local title");
            zen.editTask("task-1", "status", "Done");
            zen.editItem(key, "title", "remote title");
            zen.editItem(key, "status", "Blocked");

            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(zen.itemField(key, "title")).isEqualTo("local title");
            assertThat(zen.task("task-1")).hasStatus("Blocked");
        }
    }

    /** The later change wins conflicts. */
    @Nested
    class Timestamp {
        @RegisterExtension
        ZenIntegrationExtension zen = FakeTracker.extension()
                .configureProvider(p -> p.conflictStrategy(ConflictStrategy.TIMESTAMP)).build();

        @Test
        void givenATimestampStrategyWhenTheRemoteChangedLastThenTheRemoteValueWins() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "status", "Done");
            zen.editItem(key, "status", "Blocked");

            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(zen.task("task-1")).hasStatus("Blocked");
        }

        @Test
        void givenATimestampStrategyWhenZenChangedLastThenTheZenValueWins() {
            String key = zen.linkedPair("task-1", fields());
            zen.editItem(key, "status", "Blocked");
            zen.editTask("task-1", "status", "Done");

            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(zen.itemField(key, "status")).isEqualTo("Done");
        }
    }

    /** The provider starts pull-only and is reconfigured later. */
    @Nested
    class PullOnlyProvider {
        @RegisterExtension
        ZenIntegrationExtension zen = FakeTracker.extension().configureProvider(p -> p.syncDirection(SyncDirection.PULL)).build();

        @Test
        void givenALinkMadeWhileTheProviderWasPullOnlyWhenReconfiguredBidirectionalThenZenChangesArePushed() {
            String key = zen.linkedPair("task-1", fields());
            zen.editTask("task-1", "title", "pushed later");
            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);
            assertThat(zen.itemField(key, "title")).isEqualTo("Export fails");

            zen.restart(p -> p.syncDirection(SyncDirection.BIDIRECTIONAL)); // same stores and tracker, new config
            zen.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(zen.itemField(key, "title")).isEqualTo("pushed later");
        }
    }
}
