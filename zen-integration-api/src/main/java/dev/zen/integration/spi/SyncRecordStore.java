package dev.zen.integration.spi;

import dev.zen.integration.TaskSyncRecord;
import java.util.List;
import java.util.Optional;

/**
 * Where sync records (links, base snapshots, conflicts, queued changes) are kept durably.
 *
 * <p>Contract: at most one record per task and per (external system, external id); writes are atomic (a crash
 * leaves the old or the new record, never half of one); updates are optimistic. Implementations must be
 * thread-safe. Register one in {@code META-INF/services/dev.zen.integration.spi.SyncRecordStore} or pass it to
 * the builder; without one, YAML files under {@code .zen/integrations/} in the workspace are used.
 */
public interface SyncRecordStore {

    /** The record of a task, if linked. */
    Optional<TaskSyncRecord> find(String taskId);

    /** The record linking an external item, if any. */
    Optional<TaskSyncRecord> findByExternal(String externalSystem, String externalId);

    /** Every record. */
    List<TaskSyncRecord> list();

    /**
     * Stores a new record with version 1.
     *
     * @return the stored record
     * @throws dev.zen.integration.IntegrationException {@code SYNC_CONFLICT} if the task or the external item is
     *                                                  already linked
     */
    TaskSyncRecord insert(TaskSyncRecord record);

    /**
     * Replaces a record if its stored version still equals {@code record.version()}; increments the version.
     *
     * @return the stored record
     * @throws dev.zen.integration.IntegrationException {@code SYNC_CONFLICT} on a version mismatch or a clash of
     *                                                  the external index, {@code NOT_FOUND} if absent
     */
    TaskSyncRecord update(TaskSyncRecord record);

    /**
     * Deletes a task's record.
     *
     * @return whether a record was deleted
     */
    boolean delete(String taskId);

    /** Among several implementations found by ServiceLoader, the highest priority wins. */
    default int priority() {
        return 0;
    }
}
