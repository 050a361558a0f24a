package dev.zen.integration.core.store;

import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.spi.SyncRecordStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SyncRecordStore} in memory, for tests and hosts that keep no state between runs. It follows the same
 * contract as the file store: one record per task and per external item, optimistic versions. Thread-safe.
 */
public final class InMemorySyncRecordStore implements SyncRecordStore {
    private final Map<String, TaskSyncRecord> records = new LinkedHashMap<>();

    /** An empty store. */
    public InMemorySyncRecordStore() {}

    @Override
    public synchronized Optional<TaskSyncRecord> find(String taskId) {
        return Optional.ofNullable(records.get(taskId));
    }

    @Override
    public synchronized Optional<TaskSyncRecord> findByExternal(String externalSystem, String externalId) {
        return RecordIndex.byExternal(records.values(), externalSystem, externalId);
    }

    @Override
    public synchronized List<TaskSyncRecord> list() {
        List<TaskSyncRecord> all = new ArrayList<>(records.values());
        all.sort(Comparator.comparing(TaskSyncRecord::taskId));
        return all;
    }

    @Override
    public synchronized TaskSyncRecord insert(TaskSyncRecord record) {
        TaskSyncRecord stored = RecordIndex.checkInsert(records.values(), record);
        records.put(stored.taskId(), stored);
        return stored;
    }

    @Override
    public synchronized TaskSyncRecord update(TaskSyncRecord record) {
        TaskSyncRecord stored = RecordIndex.checkUpdate(records.values(), records.get(record.taskId()), record);
        records.put(stored.taskId(), stored);
        return stored;
    }

    @Override
    public synchronized boolean delete(String taskId) {
        return records.remove(taskId) != null;
    }

    /** Lower than any host-provided store, so ServiceLoader prefers the host's. */
    @Override
    public int priority() {
        return -100;
    }
}
