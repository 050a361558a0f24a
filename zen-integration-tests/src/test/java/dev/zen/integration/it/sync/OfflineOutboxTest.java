package dev.zen.integration.it.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.ProviderHealth;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import dev.zen.integration.testkit.inmemory.RecordingSyncListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline mode on the default file stores: the outbox, the cached pull, restarts and exactly-once delivery. */
class OfflineOutboxTest {
    @TempDir Path workspace;
    final TestClock clock = TestClock.at("2026-02-01T08:00:00Z");
    final InMemoryTracker tracker = InMemoryTracker.create("fake", clock); // the external system outlives restarts
    final RecordingSyncListener events = new RecordingSyncListener();
    ZenIntegration zen;
    String key;

    ZenIntegration open() {
        return ZenIntegration.builder()
                .workspace(workspace)
                .clock(clock)
                .discoverServices(false)
                .providerCalls(ProviderCalls.direct()) // failures reach the engine at once; see ResilientOfflineTest
                .listener(events)
                .provider(ProviderConfig.builder("fake").conflictStrategy(ConflictStrategy.MANUAL_REVIEW).build(),
                        tracker)
                .build();
    }

    @BeforeEach
    void linkedTask() {
        zen = open();
        zen.taskStore().create(ZenTask.builder("task-1", "Base").status("To Do").build());
        key = tracker.seed(Map.of("title", "Base", "status", "To Do"));
        zen.link("task-1", "fake", key);
        zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
        tracker.resetCalls();
    }

    @AfterEach
    void close() {
        zen.close();
    }

    void localEdit(String field, String value) {
        clock.advance(Duration.ofSeconds(1));
        ZenTask t = zen.taskStore().find("task-1").orElseThrow();
        Map<String, String> change = new HashMap<>();
        change.put(field, value);
        zen.taskStore().update(ZenTasks.withFields(t, change));
    }

    TaskSyncResult sync() {
        clock.advance(Duration.ofSeconds(1));
        return zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();
    }

    @Test
    void givenTheProviderIsDownWhenALocalChangeSyncsThenItIsQueuedDurablyAndStatusShowsIt() {
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        localEdit("title", "Offline edit");

        TaskSyncResult r = sync();

        assertThat(r.success()).isTrue();
        assertThat(r.outcome()).isEqualTo(TaskSyncResult.Outcome.QUEUED);
        assertThat(r.fromCache()).isTrue();
        assertThat(zen.recordStore().find("task-1").orElseThrow().pendingChanges())
                .singleElement().satisfies(pc -> assertThat(pc.fields()).containsEntry("title", "Offline edit"));
        IntegrationStatus status = zen.status();
        assertThat(status.pendingChanges()).isEqualTo(1);
        assertThat(status.providers()).singleElement().satisfies(h -> {
            assertThat(h.state()).isEqualTo(ProviderHealth.State.UNAVAILABLE);
            assertThat(h.pendingChanges()).isEqualTo(1);
        });
        assertThat(events.events(SyncEvent.Type.CHANGE_QUEUED)).hasSize(1);
    }

    @Test
    void givenTheProviderStaysDownWhenSyncedRepeatedlyThenTheChangeIsQueuedOnlyOnce() {
        tracker.unavailable(ErrorCode.PROVIDER_UNAVAILABLE);
        localEdit("title", "Offline edit");

        sync();
        sync();
        sync();

        assertThat(zen.status().pendingChanges()).isEqualTo(1);
    }

    @Test
    void givenQueuedChangesWhenTheServiceRestartsAndFlushesThenEachIsDeliveredExactlyOnce() {
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        localEdit("title", "Offline edit");
        sync();
        zen.close();

        zen = open(); // a new instance on the same workspace
        tracker.available();
        SyncReport flushed = zen.flushPending();

        assertThat(flushed.results()).singleElement().satisfies(r -> {
            assertThat(r.success()).isTrue();
            assertThat(r.outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
        });
        assertThat(tracker.field(key, "title")).contains("Offline edit");
        assertThat(tracker.calls(PluginOperation.UPDATE_TASK)).isEqualTo(1);
        assertThat(zen.status().pendingChanges()).isZero();
        assertThat(zen.flushPending().results()).isEmpty();
        assertThat(sync().outcome()).isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
        assertThat(tracker.calls(PluginOperation.UPDATE_TASK)).isEqualTo(1);
    }

    @Test
    void givenSeveralQueuedChangesWhenTheProviderIsBackThenTheNextSyncReplaysThemInOrder() {
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        localEdit("title", "first");
        sync();
        localEdit("title", "second");
        sync();
        localEdit("status", "Done");
        sync();
        assertThat(zen.status().pendingChanges()).isEqualTo(3);

        tracker.available();
        TaskSyncResult r = sync();

        assertThat(r.success()).isTrue();
        assertThat(tracker.callLog()).filteredOn(c -> c.startsWith("update_task"))
                .extracting(c -> c.replaceAll(",\"expected_since\":\"[^\"]*\"", "")).containsExactly(
                "update_task {\"id\":\"" + key + "\",\"fields\":{\"title\":\"first\"},\"expected\":{\"title\":\"Base\"}}",
                "update_task {\"id\":\"" + key + "\",\"fields\":{\"title\":\"second\"},\"expected\":{\"title\":\"first\"}}",
                "update_task {\"id\":\"" + key + "\",\"fields\":{\"status\":\"Done\"},\"expected\":{\"status\":\"To Do\"}}");
        assertThat(tracker.fields(key)).containsEntry("title", "second").containsEntry("status", "Done");
        assertThat(zen.status().pendingChanges()).isZero();
    }

    @Test
    void givenADeliveryWhoseResponseWasLostWhenReplayedAgainThenTheChangeIsNotSentTwice() {
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        localEdit("title", "Offline edit");
        sync();
        tracker.available();
        tracker.commitThenFail(PluginOperation.UPDATE_TASK, ErrorCode.NETWORK_ERROR);

        TaskSyncResult lost = sync(); // delivered, but the engine never heard back: still queued
        TaskSyncResult again = sync();

        assertThat(lost.outcome()).isEqualTo(TaskSyncResult.Outcome.QUEUED);
        assertThat(again.success()).isTrue();
        assertThat(tracker.calls(PluginOperation.UPDATE_TASK)).isEqualTo(1);
        assertThat(zen.status().pendingChanges()).isZero();
        assertThat(tracker.field(key, "title")).contains("Offline edit");
    }

    @Test
    void givenTheTrackerChangedTheSameFieldWhileOfflineWhenReplayedThenItIsAConflictNotABlindOverwrite() {
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        localEdit("title", "Zen edit");
        sync();
        tracker.available();
        clock.advance(Duration.ofSeconds(1));
        tracker.edit(key, "title", "Tracker edit");

        TaskSyncResult r = sync();

        assertThat(r.outcome()).isEqualTo(TaskSyncResult.Outcome.CONFLICT);
        assertThat(tracker.field(key, "title")).contains("Tracker edit");
        assertThat(zen.conflicts()).extracting(ConflictRecord::field, ConflictRecord::localValue,
                ConflictRecord::remoteValue).containsExactly(org.assertj.core.groups.Tuple.tuple("title", "Zen edit",
                "Tracker edit"));
        assertThat(zen.status().pendingChanges()).isZero();
    }

    @Test
    void givenTheProviderIsDownWhenPullingThenTheCachedItemIsUsedAndTheResultSaysSo() {
        tracker.unavailable(ErrorCode.NETWORK_ERROR);

        SyncReport report = zen.sync(SyncRequest.of(List.of("task-1"), SyncDirection.PULL));

        TaskSyncResult r = report.result("task-1").orElseThrow();
        assertThat(r.success()).isTrue();
        assertThat(r.fromCache()).isTrue();
        assertThat(zen.taskStore().find("task-1").orElseThrow().title()).isEqualTo("Base");
    }

    @Test
    void givenTheProviderIsStillDownWhenFlushingThenTheChangeStaysQueuedAndTheResultSaysWhy() {
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        localEdit("title", "Offline edit");
        sync();

        SyncReport flushed = zen.flushPending();

        assertThat(flushed.results()).singleElement().satisfies(r -> {
            assertThat(r.success()).isFalse();
            assertThat(r.error().orElseThrow().retryable()).isTrue();
        });
        assertThat(zen.status().pendingChanges()).isEqualTo(1);
    }

    @Test
    void givenAClearedFieldQueuedOfflineWhenDeliveredAfterARestartThenTheTrackerFieldIsCleared() {
        localEdit("status", null);
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        sync();
        zen.close();

        zen = open();
        tracker.available();
        zen.flushPending();

        assertThat(tracker.field(key, "status")).isEmpty();
        assertThat(tracker.calls(PluginOperation.UPDATE_TASK)).isEqualTo(1);
    }

    @Test
    void givenQueuedChangesWhenUnlinkedThenItIsRefusedAndNothingIsLost() {
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        localEdit("title", "Offline edit");
        sync();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> zen.unlink("task-1"))
                .isInstanceOfSatisfying(dev.zen.integration.IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT);
                    assertThat(e.getMessage()).contains("flushPending()", "discardPending(\"task-1\")");
                });

        assertThat(zen.recordStore().find("task-1")).hasValueSatisfying(rec ->
                assertThat(rec.pendingChanges()).singleElement()
                        .satisfies(pc -> assertThat(pc.fields()).containsEntry("title", "Offline edit")));
    }

    @Test
    void givenQueuedChangesWhenDiscardedThenTheyAreReturnedUnsentAndTheTaskCanBeUnlinked() {
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        localEdit("title", "Offline edit");
        sync();
        tracker.available();

        List<dev.zen.integration.PendingChange> dropped = zen.discardPending("task-1");
        zen.unlink("task-1");

        assertThat(dropped).singleElement().satisfies(pc -> assertThat(pc.fields()).containsEntry("title", "Offline edit"));
        assertThat(zen.recordStore().find("task-1")).isEmpty();
        assertThat(tracker.calls(PluginOperation.UPDATE_TASK)).isZero();
        assertThat(zen.taskStore().find("task-1").orElseThrow().title()).isEqualTo("Offline edit");
        assertThat(zen.discardPending("task-1")).isEmpty();
    }

    @Test
    void givenQueuedChangesAndADisabledProviderWhenFlushedThenNothingIsSentAndTheChangesStayQueued() {
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        localEdit("title", "Offline edit");
        sync();
        zen.close();
        tracker.available();
        zen = ZenIntegration.builder().workspace(workspace).clock(clock).discoverServices(false)
                .providerCalls(ProviderCalls.direct())
                .provider(ProviderConfig.builder("fake").enabled(false).build(), tracker).build();

        SyncReport flushed = zen.flushPending();

        assertThat(flushed.results()).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(TaskSyncResult.Outcome.SKIPPED));
        assertThat(tracker.calls(PluginOperation.UPDATE_TASK)).isZero();
        assertThat(zen.status().pendingChanges()).isEqualTo(1);
    }

    @Test
    void givenADisabledProviderWhenAnItemIsImportedThenAConfigErrorAndTheProviderIsNotCalled() {
        zen.close();
        zen = ZenIntegration.builder().workspace(workspace).clock(clock).discoverServices(false)
                .providerCalls(ProviderCalls.direct())
                .provider(ProviderConfig.builder("fake").enabled(false).build(), tracker).build();
        String other = tracker.seed(Map.of("title", "Other", "status", "To Do"));
        tracker.resetCalls();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> zen.importItem("fake", other))
                .isInstanceOfSatisfying(dev.zen.integration.IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains("disabled");
                });
        assertThat(tracker.callLog()).isEmpty();
    }
}
