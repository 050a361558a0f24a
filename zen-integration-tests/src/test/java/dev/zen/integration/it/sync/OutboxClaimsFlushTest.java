package dev.zen.integration.it.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.store.InMemoryLockProvider;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.spi.OutboxClaims;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A record store shared by several instances may implement {@link OutboxClaims}: {@code flushPending()} then
 * delivers only the queued tasks it claimed, and releases them afterwards.
 */
class OutboxClaimsFlushTest {
    final InMemoryTracker tracker = InMemoryTracker.create("fake");
    final ClaimingStore records = new ClaimingStore();
    final ZenIntegration zen = ZenIntegration.builder()
            .discoverServices(false)
            .taskStore(new InMemoryTaskStore())
            .recordStore(records)
            .lockProvider(new InMemoryLockProvider())
            .providerCalls(ProviderCalls.direct())
            .provider(ProviderConfig.builder("fake").build(), tracker)
            .build();

    @AfterEach
    void close() {
        zen.close();
    }

    @Test
    void givenAnotherInstanceClaimedOneQueuedTaskWhenFlushedThenOnlyTheOthersAreDeliveredAndClaimsReleased() {
        for (String id : List.of("task-1", "task-2")) {
            zen.taskStore().create(ZenTask.builder(id, "Base").build());
            zen.link(id, "fake", tracker.seed(Map.of("title", "Base")));
            zen.sync(List.of(id), SyncDirection.BIDIRECTIONAL);
        }
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        for (String id : List.of("task-1", "task-2")) {
            zen.taskStore().edit(id, t -> t.title("Offline " + id));
            zen.sync(List.of(id), SyncDirection.BIDIRECTIONAL); // queued
        }
        tracker.available();
        records.claims.put("task-2", "another-instance");

        SyncReport flushed = zen.flushPending();

        assertThat(flushed.results()).singleElement().satisfies(r -> {
            assertThat(r.taskId()).isEqualTo("task-1");
            assertThat(r.outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
        });
        assertThat(records.find("task-2").orElseThrow().pendingChanges()).hasSize(1);
        assertThat(records.claims).containsOnlyKeys("task-2"); // this instance released task-1
        records.claims.clear(); // the other instance died; its lease ran out
        assertThat(zen.flushPending().results()).singleElement()
                .satisfies(r -> assertThat(r.taskId()).isEqualTo("task-2"));
        assertThat(records.claims).isEmpty();
    }

    /** An in-memory record store with claims, as a shared database would hold them. */
    static final class ClaimingStore implements SyncRecordStore, OutboxClaims {
        final InMemorySyncRecordStore store = new InMemorySyncRecordStore();
        final Map<String, String> claims = new HashMap<>();

        @Override
        public synchronized List<String> claimPending(String claimant, int limit, Duration lease) {
            List<String> claimed = new ArrayList<>();
            for (TaskSyncRecord r : store.list()) {
                if (claimed.size() < limit && !r.pendingChanges().isEmpty() && !claims.containsKey(r.taskId())) {
                    claims.put(r.taskId(), claimant);
                    claimed.add(r.taskId());
                }
            }
            return claimed;
        }

        @Override
        public synchronized void releaseClaims(String claimant, Collection<String> taskIds) {
            taskIds.forEach(id -> claims.remove(id, claimant));
        }

        @Override
        public Optional<TaskSyncRecord> find(String taskId) {
            return store.find(taskId);
        }

        @Override
        public Optional<TaskSyncRecord> findByExternal(String externalSystem, String externalId) {
            return store.findByExternal(externalSystem, externalId);
        }

        @Override
        public List<TaskSyncRecord> list() {
            return store.list();
        }

        @Override
        public TaskSyncRecord insert(TaskSyncRecord record) {
            return store.insert(record);
        }

        @Override
        public TaskSyncRecord update(TaskSyncRecord record) {
            return store.update(record);
        }

        @Override
        public boolean delete(String taskId) {
            return store.delete(taskId);
        }
    }
}
