package dev.zen.integration.core.store;

import dev.zen.integration.ScopeState;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.spi.ScopeStateStore;
import dev.zen.integration.spi.SyncRecordStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SyncRecordStore} in memory, for tests and hosts that keep no state between runs. It follows the same
 * contract as the file store: one record per task and per external item, optimistic versions. Thread-safe.
 */
public final class InMemorySyncRecordStore implements SyncRecordStore, ScopeStateStore {
    private final Map<String, TaskSyncRecord> records = new HashMap<>();
    private final Map<String, ScopeState> scopes = new HashMap<>();
    /** (external system, external id) to task id: the second unique index. */
    private final Map<List<String>, String> byExternal = new HashMap<>();
    private final RecordIndex.Lookup lookup = new RecordIndex.Lookup() {
        @Override
        public Optional<TaskSyncRecord> byTask(String taskId) {
            return Optional.ofNullable(records.get(taskId));
        }

        @Override
        public Optional<TaskSyncRecord> byExternal(String externalSystem, String externalId) {
            return Optional.ofNullable(byExternal.get(List.of(externalSystem, externalId))).map(records::get);
        }
    };

    /** An empty store. */
    public InMemorySyncRecordStore() {}

    @Override
    public synchronized Optional<TaskSyncRecord> find(String taskId) {
        return Optional.ofNullable(records.get(taskId));
    }

    @Override
    public synchronized Optional<TaskSyncRecord> findByExternal(String externalSystem, String externalId) {
        return lookup.byExternal(externalSystem, externalId);
    }

    @Override
    public synchronized List<TaskSyncRecord> list() {
        List<TaskSyncRecord> all = new ArrayList<>(records.values());
        all.sort(Comparator.comparing(TaskSyncRecord::taskId));
        return all;
    }

    @Override
    public synchronized TaskSyncRecord insert(TaskSyncRecord record) {
        return put(RecordIndex.checkInsert(lookup, record));
    }

    @Override
    public synchronized TaskSyncRecord update(TaskSyncRecord record) {
        return put(RecordIndex.checkUpdate(lookup, records.get(record.taskId()), record));
    }

    @Override
    public synchronized boolean delete(String taskId) {
        TaskSyncRecord removed = records.remove(taskId);
        if (removed != null) byExternal.remove(keyOf(removed));
        return removed != null;
    }

    @Override
    public synchronized Optional<ScopeState> findScopeState(String provider) {
        return Optional.ofNullable(scopes.get(provider));
    }

    @Override
    public synchronized void saveScopeState(ScopeState state) {
        scopes.put(state.provider(), state);
    }

    @Override
    public synchronized boolean deleteScopeState(String provider) {
        return scopes.remove(provider) != null;
    }

    private TaskSyncRecord put(TaskSyncRecord stored) {
        TaskSyncRecord old = records.put(stored.taskId(), stored);
        if (old != null) byExternal.remove(keyOf(old));
        byExternal.put(keyOf(stored), stored.taskId());
        return stored;
    }

    private static List<String> keyOf(TaskSyncRecord r) {
        return List.of(r.externalSystem(), r.externalId());
    }

    /** Lower than any host-provided store, so ServiceLoader prefers the host's. */
    @Override
    public int priority() {
        return -100;
    }
}
