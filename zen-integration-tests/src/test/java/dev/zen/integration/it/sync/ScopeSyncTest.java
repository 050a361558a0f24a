package dev.zen.integration.it.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ScopeReport;
import dev.zen.integration.ScopeState;
import dev.zen.integration.ScopeStatus;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.store.InMemoryLockProvider;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.ScopeStateStore;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import dev.zen.integration.testkit.inmemory.RecordingSyncListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whole-project sync ({@code syncScope}, {@code syncItems}) against the in-memory tracker: the bulk import over
 * several pages from the search items alone, resuming after a failure at a page without duplicates, polls that pick
 * up created, edited, deleted and moved items, the overlap window against a lagging search index, and each policy.
 */
class ScopeSyncTest {
    final TestClock clock = TestClock.at("2026-12-03T10:00:00Z");
    final InMemoryTracker tracker = InMemoryTracker.create("fake", clock);
    final InMemoryTaskStore tasks = new InMemoryTaskStore(clock);
    final FaultyRecords records = new FaultyRecords();
    final InMemoryLockProvider locks = new InMemoryLockProvider();
    final RecordingSyncListener events = new RecordingSyncListener();
    final List<ZenIntegration> opened = new ArrayList<>();

    ZenIntegration zen(ScopeConfig scope) {
        ZenIntegration z = ZenIntegration.builder().discoverServices(false).clock(clock)
                .taskStore(tasks).recordStore(records).lockProvider(locks).listener(events)
                .providerCalls(ProviderCalls.direct())
                .provider(ProviderConfig.builder("fake").projectKey("FAKE").scope(scope).build(), tracker)
                .build();
        opened.add(z);
        return z;
    }

    @AfterEach
    void close() {
        opened.forEach(ZenIntegration::close);
    }

    void seed(int n) {
        for (int i = 1; i <= n; i++) {
            tracker.seed(Map.of("title", "Item " + i, "status", "To Do"));
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void givenThreeHundredItemsWhenTheBulkImportRunsThenEachIsImportedOnceFromThePagesWithoutAGetPerItem() {
        seed(250);
        clock.advance(Duration.ofMinutes(1));
        ZenIntegration zen = zen(ScopeConfig.builder().pageSize(100).build());
        tracker.resetCalls();

        ScopeReport report = zen.syncScope("fake");

        assertThat(report.bulk()).isTrue();
        assertThat(report.bulkDone()).isTrue();
        assertThat(report.imported()).isEqualTo(250);
        assertThat(report.seen()).isEqualTo(250);
        assertThat(report.failed()).isZero();
        assertThat(report.watermark()).isEqualTo(clock.instant()); // the tracker's server_time at the start
        assertThat(tracker.calls(PluginOperation.SEARCH_TASKS)).isEqualTo(3);
        assertThat(tracker.calls(PluginOperation.GET_TASK_DATA)).isZero();
        assertThat(tasks.list()).hasSize(250);
        assertThat(records.list()).hasSize(250);
        assertThat(tasks.find("fake-FAKE-7").orElseThrow().title()).isEqualTo("Item 7");
        List<SyncEvent> progress = events.events(SyncEvent.Type.SCOPE_PROGRESS);
        assertThat(progress).hasSize(3);
        assertThat(progress.get(1).attributes()).containsEntry("seen", "200").containsEntry("imported", "200")
                .containsKey("eta_ms");
        assertThat(events.events(SyncEvent.Type.SCOPE_FINISHED)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("imported", "250"));
        ScopeState state = records.delegate.findScopeState("fake").orElseThrow();
        assertThat(state.bulkComplete()).isTrue();
        assertThat(state.cursor()).isNull();
        assertThat(state.imported()).isEqualTo(250);
    }

    /**
     * Linked items are found through the record store's index, not a listing of every record per page (which made a
     * bulk import over n links cost n record reads per page): the import lists the records once, for items moved in
     * from another project, and a poll over linked items not at all for them.
     */
    @Test
    void givenThreePagesWhenTheBulkImportAndAPollRunThenTheRecordsAreListedOnceNotPerPage() {
        seed(250);
        clock.advance(Duration.ofMinutes(1));
        ZenIntegration zen = zen(ScopeConfig.builder().pageSize(100).build());

        zen.syncScope("fake");
        assertThat(records.lists).hasValue(1);

        zen.syncScope("fake"); // the first poll: also counts and enumerates the scope (two listings of the links)
        records.lists.set(0);
        for (int i = 1; i <= 150; i++) tracker.edit("FAKE-" + i, "title", "Edited " + i);
        clock.advance(Duration.ofMinutes(5));
        ScopeReport poll = zen.syncScope("fake");

        assertThat(poll.updated()).isEqualTo(150);
        assertThat(records.lists.get()).isLessThanOrEqualTo(1); // the count check's, once per poll
    }

    @Test
    void givenTheStoreFailsMidPageWhenSyncScopeRunsAgainThenItResumesAtThatPageWithoutDuplicates() {
        seed(250);
        ZenIntegration zen = zen(ScopeConfig.builder().pageSize(100).build());
        records.failInsertNumber(151); // one link of page 2 fails: the page is not committed

        ScopeReport first = zen.syncScope("fake");

        assertThat(first.bulkDone()).isFalse();
        assertThat(first.failed()).isEqualTo(1);
        assertThat(stateOf().cursor()).isEqualTo("100"); // page 1 committed, page 2 not
        assertThat(tasks.list()).hasSize(200); // the failed item's task was created before its link failed
        assertThat(records.list()).hasSize(199);
        tracker.resetCalls();

        ScopeReport second = zen.syncScope("fake");

        assertThat(second.bulkDone()).isTrue();
        assertThat(second.linked()).isEqualTo(99); // imported on the first try, found linked on the replay
        assertThat(second.imported()).isEqualTo(51); // the failed one (its task resumed) and page 3
        assertThat(tracker.calls(PluginOperation.SEARCH_TASKS)).isEqualTo(2); // pages 2 and 3 only
        assertThat(tracker.calls(PluginOperation.GET_TASK_DATA)).isZero();
        assertThat(tasks.list()).hasSize(250);
        assertThat(records.list()).hasSize(250);
        assertThat(records.list().stream().map(TaskSyncRecord::externalId).distinct()).hasSize(250);
    }

    @Test
    void givenTheSearchFailsAtAPageWhenANewInstanceRunsThenItResumesFromTheStoredCursor() {
        seed(250);
        ZenIntegration zen = zen(ScopeConfig.builder().pageSize(100).build());
        AtomicInteger saves = new AtomicInteger();
        records.onSave = state -> {
            if (saves.incrementAndGet() == 2) tracker.failNext(PluginOperation.SEARCH_TASKS, 1, ErrorCode.NETWORK_ERROR);
        };

        assertThatThrownBy(() -> zen.syncScope("fake")).isInstanceOf(IntegrationException.class)
                .satisfies(e -> assertThat(((IntegrationException) e).code()).isEqualTo(ErrorCode.NETWORK_ERROR));
        zen.close();
        assertThat(stateOf().cursor()).isEqualTo("200");
        assertThat(tasks.list()).hasSize(200);
        ZenIntegration restarted = zen(ScopeConfig.builder().pageSize(100).build());
        tracker.resetCalls();

        ScopeReport report = restarted.syncScope("fake");

        assertThat(report.bulkDone()).isTrue();
        assertThat(report.imported()).isEqualTo(50);
        assertThat(tracker.calls(PluginOperation.SEARCH_TASKS)).isEqualTo(1);
        assertThat(tasks.list()).hasSize(250);
        assertThat(records.list()).hasSize(250);
    }

    @Test
    void givenCloseDuringTheBulkImportWhenANewInstanceRunsThenItResumesAfterTheLastCommittedPage() {
        seed(250);
        ZenIntegration zen = zen(ScopeConfig.builder().pageSize(100).build());
        records.onSave = state -> zen.close(); // the host shuts down right after page 1 is committed

        ScopeReport first = zen.syncScope("fake");

        assertThat(first.bulkDone()).isFalse();
        assertThat(first.imported()).isEqualTo(100);
        records.onSave = state -> { };
        ZenIntegration restarted = zen(ScopeConfig.builder().pageSize(100).build());
        tracker.resetCalls();

        ScopeReport rest = restarted.syncScope("fake");

        assertThat(rest.bulkDone()).isTrue();
        assertThat(rest.imported()).isEqualTo(150);
        assertThat(rest.linked()).isZero();
        assertThat(tracker.calls(PluginOperation.SEARCH_TASKS)).isEqualTo(2);
        assertThat(tasks.list()).hasSize(250);
        assertThat(records.list()).hasSize(250);
    }

    @Test
    void givenABulkImportWhenItemsAreCreatedEditedDeletedAndMovedThenThePollHandlesEach() {
        seed(5);
        ZenIntegration zen = zen(ScopeConfig.defaults());
        zen.syncScope("fake");
        clock.advance(Duration.ofMinutes(5));
        String created = tracker.seed(Map.of("title", "Brand new"));
        tracker.edit("FAKE-2", "title", "Edited remotely");
        tracker.delete("FAKE-3");
        String movedTo = tracker.move("FAKE-4", "OTHER");
        clock.advance(Duration.ofMinutes(1));
        tracker.resetCalls();

        ScopeReport poll = zen.syncScope("fake");

        assertThat(tracker.calls(PluginOperation.GET_TASK_DATA)).isEqualTo(2); // only the two missing from the scope
        assertThat(poll.bulk()).isFalse();
        assertThat(poll.imported()).isEqualTo(1);
        assertThat(tasks.find("fake-" + created)).isPresent();
        assertThat(poll.linked()).isEqualTo(1);
        assertThat(poll.updated()).isEqualTo(1);
        assertThat(tasks.find("fake-FAKE-2").orElseThrow().title()).isEqualTo("Edited remotely");
        assertThat(poll.removed()).isEqualTo(2);
        assertThat(records.find("fake-FAKE-3")).isEmpty(); // on_removed: unlink (the default)
        assertThat(records.find("fake-FAKE-4")).isEmpty();
        assertThat(tasks.find("fake-FAKE-3")).isPresent(); // Zen data is never deleted
        assertThat(tasks.find("fake-FAKE-4")).isPresent();
        assertThat(movedTo).startsWith("OTHER-");
        assertThat(poll.watermark()).isEqualTo(clock.instant());
    }

    @Test
    void givenASearchLagShorterThanTheOverlapWhenAnItemChangesAtTheBoundaryThenTheNextPollPicksItUp() {
        seed(3);
        tracker.searchLag(Duration.ofSeconds(30));
        clock.advance(Duration.ofMinutes(1));
        ZenIntegration zen = zen(ScopeConfig.builder().overlap(Duration.ofMinutes(2)).build());
        zen.syncScope("fake");
        tracker.edit("FAKE-1", "title", "Changed just before the poll");
        clock.advance(Duration.ofSeconds(10));
        ScopeReport blind = zen.syncScope("fake"); // the index does not show the change yet; the watermark passes it
        assertThat(blind.updated()).isZero();
        clock.advance(Duration.ofMinutes(1));

        ScopeReport next = zen.syncScope("fake");

        assertThat(next.updated()).isEqualTo(1);
        assertThat(tasks.find("fake-FAKE-1").orElseThrow().title()).isEqualTo("Changed just before the poll");
    }

    @Test
    void givenNoOverlapWhenAnItemChangesAtTheBoundaryThenThePollMissesIt() {
        seed(3);
        tracker.searchLag(Duration.ofSeconds(30));
        clock.advance(Duration.ofMinutes(1));
        ZenIntegration zen = zen(ScopeConfig.builder().overlap(Duration.ZERO).build());
        zen.syncScope("fake");
        tracker.edit("FAKE-1", "title", "Changed just before the poll");
        clock.advance(Duration.ofSeconds(10));
        zen.syncScope("fake");
        clock.advance(Duration.ofMinutes(1));

        ScopeReport next = zen.syncScope("fake");

        assertThat(next.updated()).isZero(); // why the overlap exists: without it the change is lost
        assertThat(tasks.find("fake-FAKE-1").orElseThrow().title()).isEqualTo("Item 1");
    }

    @Test
    void givenAnUnchangedItemAtTheBoundaryWhenPolledTwiceThenTheSecondPollSkipsIt() {
        seed(2);
        ZenIntegration zen = zen(ScopeConfig.defaults());
        zen.syncScope("fake");
        tracker.edit("FAKE-1", "title", "Edited");
        clock.advance(Duration.ofSeconds(20));
        ScopeReport first = zen.syncScope("fake");
        clock.advance(Duration.ofSeconds(20));

        ScopeReport second = zen.syncScope("fake");

        assertThat(first.linked()).isEqualTo(1); // FAKE-1 changed; FAKE-2 was seen unchanged by the bulk import
        assertThat(first.skipped()).isEqualTo(1);
        assertThat(second.seen()).isEqualTo(2);
        assertThat(second.linked()).isZero();
        assertThat(second.skipped()).isEqualTo(2); // both seen at the same (id, updated) by the first poll
    }

    @Test
    void givenAnEditInTheSameSecondTheBulkSawTheItemWhenPolledThenThePollPicksItUp() {
        seed(2);
        ZenIntegration zen = zen(ScopeConfig.defaults());
        tracker.edit("FAKE-2", "title", "Seen by the bulk");
        zen.syncScope("fake");
        // same clock instant: the (id, updated) mark is the one the bulk stored, as a whole-second tracker gives it
        tracker.edit("FAKE-2", "title", "Edited within the same second");
        clock.advance(Duration.ofSeconds(20));

        ScopeReport poll = zen.syncScope("fake");

        assertThat(poll.updated()).isEqualTo(1);
        assertThat(tasks.find("fake-FAKE-2").orElseThrow().title()).isEqualTo("Edited within the same second");
    }

    @Test
    void givenOnNewRemoteIgnoreWhenTheBulkRunsThenNothingIsImported() {
        seed(3);
        ZenIntegration zen = zen(ScopeConfig.builder().onNewRemote(ScopeConfig.OnNewRemote.IGNORE).build());

        ScopeReport report = zen.syncScope("fake");

        assertThat(report.skipped()).isEqualTo(3);
        assertThat(report.imported()).isZero();
        assertThat(tasks.list()).isEmpty();
        assertThat(report.bulkDone()).isTrue();
    }

    @Test
    void givenOnNewLocalPublishWhenPolledThenUnlinkedLocalTasksArePublishedButImportedOnesAreNot() {
        seed(1);
        ZenIntegration zen = zen(ScopeConfig.builder().onNewLocal(ScopeConfig.OnNewLocal.PUBLISH).build());
        zen.syncScope("fake");
        tasks.create(ZenTask.builder("local-1", "Written in Zen").build());
        clock.advance(Duration.ofMinutes(1));

        ScopeReport poll = zen.syncScope("fake");

        assertThat(poll.published()).isEqualTo(1);
        String key = records.find("local-1").orElseThrow().externalId();
        assertThat(tracker.field(key, "title")).contains("Written in Zen");
        assertThat(tracker.size()).isEqualTo(2);
        assertThat(zen.syncScope("fake").published()).isZero();
    }

    @Test
    void givenOnRemovedKeepWhenAnItemIsDeletedThenTheLinkStaysMarkedAsAnError() {
        seed(2);
        ZenIntegration zen = zen(ScopeConfig.builder().onRemoved(ScopeConfig.OnRemoved.KEEP).build());
        zen.syncScope("fake");
        tracker.delete("FAKE-1");

        ScopeReport poll = zen.syncScope("fake");

        assertThat(poll.removed()).isEqualTo(1);
        TaskSyncRecord kept = records.find("fake-FAKE-1").orElseThrow();
        assertThat(kept.status()).isEqualTo(SyncStatus.ERROR);
        assertThat(kept.lastError()).contains("deleted");
    }

    @Test
    void givenOnRemovedArchiveWhenAnItemIsDeletedThenTheTaskIsLabelledAndUnlinked() {
        seed(2);
        ZenIntegration zen = zen(ScopeConfig.builder().onRemoved(ScopeConfig.OnRemoved.ARCHIVE).build());
        zen.syncScope("fake");
        tracker.delete("FAKE-2");

        ScopeReport poll = zen.syncScope("fake");

        assertThat(poll.removed()).isEqualTo(1);
        assertThat(poll.results()).anySatisfy(r -> assertThat(r.outcome()).isEqualTo(TaskSyncResult.Outcome.REMOVED));
        assertThat(records.find("fake-FAKE-2")).isEmpty();
        assertThat(tasks.find("fake-FAKE-2").orElseThrow().labels()).contains("zen-archived");
    }

    @Test
    void givenAFilterWhenTheBulkRunsThenOnlyMatchingItemsAreImportedAndALabelRemovalUnlinks() {
        tracker.seed(Map.of("title", "In", "labels", List.of("zen")));
        tracker.seed(Map.of("title", "Out"));
        ZenIntegration zen = zen(ScopeConfig.builder().filter("labels = zen").build());

        ScopeReport bulk = zen.syncScope("fake");

        assertThat(bulk.imported()).isEqualTo(1);
        assertThat(tasks.find("fake-FAKE-1")).isPresent();
        tracker.edit("FAKE-1", "labels", List.of("other"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(zen.syncScope("fake").removed()).isEqualTo(1);
        assertThat(records.find("fake-FAKE-1")).isEmpty();
    }

    @Test
    void givenWebhookIdsWhenSyncItemsRunsThenNewItemsAreImportedLinkedSyncedAndDeletedRemoved() {
        seed(2);
        ZenIntegration zen = zen(ScopeConfig.defaults());
        zen.syncScope("fake");
        String fresh = tracker.seed(Map.of("title", "From a webhook"));
        tracker.edit("FAKE-1", "title", "Edited");
        tracker.delete("FAKE-2");

        SyncReport report = zen.syncItems("fake", List.of(fresh, "FAKE-1", "FAKE-2"));

        assertThat(report.results()).extracting(TaskSyncResult::outcome).containsExactly(
                TaskSyncResult.Outcome.IMPORTED, TaskSyncResult.Outcome.UPDATED, TaskSyncResult.Outcome.REMOVED);
        assertThat(tasks.find("fake-" + fresh)).isPresent();
        assertThat(records.find("fake-FAKE-2")).isEmpty();
    }

    @Test
    void givenTwoInstancesOnOneStoreWhenBothRunTheBulkAtOnceThenNoItemIsImportedTwice() throws Exception {
        seed(120);
        ZenIntegration a = zen(ScopeConfig.builder().pageSize(20).build());
        ZenIntegration b = zen(ScopeConfig.builder().pageSize(20).build());
        Thread other = new Thread(() -> b.syncScope("fake"));

        other.start();
        ScopeReport mine = a.syncScope("fake");
        other.join();

        assertThat(mine.failed()).isZero();
        assertThat(tasks.list()).hasSize(120);
        assertThat(records.list()).hasSize(120);
    }

    @Test
    void givenAScopeWhenStatusIsReadThenItShowsTheWatermarkAndBulkProgress() {
        seed(3);
        ZenIntegration zen = zen(ScopeConfig.defaults());
        assertThat(zen.status().scopes()).singleElement()
                .satisfies(s -> assertThat(s.bulkComplete()).isFalse());

        zen.syncScope("fake");

        ScopeStatus status = zen.status().scopes().get(0);
        assertThat(status.provider()).isEqualTo("fake");
        assertThat(status.bulkComplete()).isTrue();
        assertThat(status.watermark()).isEqualTo(clock.instant());
        assertThat(status.itemsInScope()).isEqualTo(3);
        assertThat(status.pendingImports()).isZero();
        assertThat(status.bulkImported()).isEqualTo(3);
    }

    @Test
    void givenAScopeWhenARegularSyncFindsTheItemDeletedThenOnRemovedApplies() {
        seed(2);
        ZenIntegration zen = zen(ScopeConfig.builder().onRemoved(ScopeConfig.OnRemoved.ARCHIVE).build());
        zen.syncScope("fake");
        tracker.delete("FAKE-1");

        SyncReport report = zen.sync(List.of("fake-FAKE-1", "fake-FAKE-2"), SyncDirection.BIDIRECTIONAL);

        assertThat(report.results()).extracting(TaskSyncResult::outcome)
                .containsExactly(TaskSyncResult.Outcome.REMOVED, TaskSyncResult.Outcome.UNCHANGED);
        assertThat(records.find("fake-FAKE-1")).isEmpty();
        assertThat(tasks.find("fake-FAKE-1").orElseThrow().labels()).contains("zen-archived");
    }

    @Test
    void givenNoScopeWhenARegularSyncFindsTheItemDeletedThenItFailsAsBefore() {
        String key = tracker.seed(Map.of("title", "Linked by hand"));
        ZenIntegration zen = ZenIntegration.builder().discoverServices(false).clock(clock).taskStore(tasks)
                .recordStore(records).lockProvider(locks).providerCalls(ProviderCalls.direct())
                .provider(ProviderConfig.builder("fake").build(), tracker).build();
        opened.add(zen);
        zen.importItem("fake", key);
        tracker.delete(key);

        SyncReport report = zen.sync(List.of("fake-" + key), SyncDirection.BIDIRECTIONAL);

        assertThat(report.results().get(0).error().orElseThrow().code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(records.find("fake-" + key)).isPresent();
    }

    @Test
    void givenARecordStoreWithoutScopeStateWhenSyncedTwiceThenTheStateIsKeptInMemory() {
        seed(3);
        ZenIntegration zen = ZenIntegration.builder().discoverServices(false).clock(clock).taskStore(tasks)
                .recordStore(new PlainRecords(records.delegate)).lockProvider(locks)
                .providerCalls(ProviderCalls.direct())
                .provider(ProviderConfig.builder("fake").projectKey("FAKE").scope(ScopeConfig.defaults()).build(),
                        tracker).build();
        opened.add(zen);

        ScopeReport bulk = zen.syncScope("fake");
        tracker.seed(Map.of("title", "Later"));
        clock.advance(Duration.ofMinutes(1));
        ScopeReport poll = zen.syncScope("fake");

        assertThat(bulk.bulk()).isTrue();
        assertThat(bulk.imported()).isEqualTo(3);
        assertThat(poll.bulk()).isFalse();
        assertThat(poll.imported()).isEqualTo(1);
        assertThat(records.delegate.findScopeState("fake")).isEmpty(); // never written to the store
    }

    @Test
    void givenAPausedProviderWhenSyncScopeIsCalledThenTheTrackerIsNotCalledUntilItResumes() {
        seed(3);
        ZenIntegration zen = zen(ScopeConfig.defaults());
        zen.pauseProvider("fake");
        tracker.resetCalls();

        ScopeReport paused = zen.syncScope("fake");

        assertThat(paused.seen()).isZero();
        assertThat(paused.bulkDone()).isFalse();
        assertThat(tracker.calls(PluginOperation.SEARCH_TASKS)).isZero();
        zen.resumeProvider("fake");
        assertThat(zen.syncScope("fake").imported()).isEqualTo(3);
    }

    @Test
    void givenAProviderWithoutScopeWhenSyncScopeIsCalledThenConfigErrorNamesTheKey() {
        ZenIntegration zen = ZenIntegration.builder().discoverServices(false).taskStore(tasks).recordStore(records)
                .lockProvider(locks).providerCalls(ProviderCalls.direct())
                .provider(ProviderConfig.builder("fake").build(), tracker).build();
        opened.add(zen);

        assertThatThrownBy(() -> zen.syncScope("fake")).isInstanceOf(IntegrationException.class)
                .hasMessageContaining("integrations.providers.fake.scope")
                .satisfies(e -> assertThat(((IntegrationException) e).code()).isEqualTo(ErrorCode.CONFIG_ERROR));
    }

    private ScopeState stateOf() {
        return records.delegate.findScopeState("fake").orElseThrow();
    }

    /** A record store without the ScopeStateStore capability, as a host's own store may be. */
    record PlainRecords(SyncRecordStore delegate) implements SyncRecordStore {
        @Override
        public Optional<TaskSyncRecord> find(String taskId) {
            return delegate.find(taskId);
        }

        @Override
        public Optional<TaskSyncRecord> findByExternal(String externalSystem, String externalId) {
            return delegate.findByExternal(externalSystem, externalId);
        }

        @Override
        public List<TaskSyncRecord> list() {
            return delegate.list();
        }

        @Override
        public TaskSyncRecord insert(TaskSyncRecord record) {
            return delegate.insert(record);
        }

        @Override
        public TaskSyncRecord update(TaskSyncRecord record) {
            return delegate.update(record);
        }

        @Override
        public boolean delete(String taskId) {
            return delegate.delete(taskId);
        }
    }

    /** An in-memory record store that can fail one insert, and tell when scope state is saved. */
    static final class FaultyRecords implements SyncRecordStore, ScopeStateStore {
        final InMemorySyncRecordStore delegate = new InMemorySyncRecordStore();
        final AtomicInteger inserts = new AtomicInteger();
        final AtomicInteger lists = new AtomicInteger();
        volatile int failing = -1;
        volatile Consumer<ScopeState> onSave = s -> { };

        void failInsertNumber(int n) {
            failing = n;
        }

        @Override
        public Optional<TaskSyncRecord> find(String taskId) {
            return delegate.find(taskId);
        }

        @Override
        public Optional<TaskSyncRecord> findByExternal(String externalSystem, String externalId) {
            return delegate.findByExternal(externalSystem, externalId);
        }

        @Override
        public List<TaskSyncRecord> list() {
            lists.incrementAndGet();
            return delegate.list();
        }

        @Override
        public TaskSyncRecord insert(TaskSyncRecord record) {
            if (inserts.incrementAndGet() == failing) {
                throw IntegrationException.of(ErrorCode.STORAGE_ERROR, "simulated: the disk is gone");
            }
            return delegate.insert(record);
        }

        @Override
        public TaskSyncRecord update(TaskSyncRecord record) {
            return delegate.update(record);
        }

        @Override
        public boolean delete(String taskId) {
            return delegate.delete(taskId);
        }

        @Override
        public Optional<ScopeState> findScopeState(String provider) {
            return delegate.findScopeState(provider);
        }

        @Override
        public void saveScopeState(ScopeState state) {
            delegate.saveScopeState(state);
            onSave.accept(state);
        }

        @Override
        public boolean deleteScopeState(String provider) {
            return delegate.deleteScopeState(provider);
        }
    }
}
