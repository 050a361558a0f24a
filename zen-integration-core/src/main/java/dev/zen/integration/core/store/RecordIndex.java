package dev.zen.integration.core.store;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.TaskSyncRecord;
import java.util.Objects;
import java.util.Optional;

/** The rules every record store shares: the unique indexes and the optimistic version check. */
final class RecordIndex {
    private RecordIndex() {}

    /** How a store finds its stored records by either unique key. */
    interface Lookup {
        Optional<TaskSyncRecord> byTask(String taskId);

        Optional<TaskSyncRecord> byExternal(String externalSystem, String externalId);
    }

    /** Checks an insert against the stored records and returns the record to store (version 1). */
    static TaskSyncRecord checkInsert(Lookup stored, TaskSyncRecord record) {
        stored.byTask(record.taskId()).ifPresent(r -> {
            throw conflict("task " + record.taskId() + " is already linked to " + r.externalSystem() + " "
                    + r.externalId() + "; unlink it first", "already_linked", record);
        });
        stored.byExternal(record.externalSystem(), record.externalId()).ifPresent(r -> {
            throw conflict(record.externalSystem() + " " + record.externalId() + " is already linked to task "
                    + r.taskId() + "; unlink that task first", "already_linked", record);
        });
        return record.toBuilder().version(1).build();
    }

    /**
     * Checks an update against the stored records and returns the record to store (version + 1). The external
     * index is only consulted when the update moves the link to another item: the stored record already holds its
     * item uniquely, since every write that could have claimed the item was checked against it.
     */
    static TaskSyncRecord checkUpdate(Lookup stored, TaskSyncRecord current, TaskSyncRecord record) {
        if (current == null) {
            throw IntegrationException.builder(ErrorCode.NOT_FOUND, "no sync record for task " + record.taskId()
                    + "; link the task first").taskId(record.taskId()).build();
        }
        if (current.version() != record.version()) {
            throw conflict("the sync record of task " + record.taskId() + " was changed concurrently (stored version "
                    + current.version() + ", written version " + record.version() + "); re-read it and retry",
                    "version_conflict", record);
        }
        boolean sameItem = Objects.equals(current.externalSystem(), record.externalSystem())
                && Objects.equals(current.externalId(), record.externalId());
        if (!sameItem) {
            stored.byExternal(record.externalSystem(), record.externalId())
                    .filter(r -> !r.taskId().equals(record.taskId()))
                    .ifPresent(r -> {
                        throw conflict(record.externalSystem() + " " + record.externalId()
                                + " is already linked to task " + r.taskId(), "already_linked", record);
                    });
        }
        return record.toBuilder().version(current.version() + 1).build();
    }

    private static IntegrationException conflict(String message, String reason, TaskSyncRecord record) {
        return IntegrationException.builder(ErrorCode.SYNC_CONFLICT, message).taskId(record.taskId())
                .provider(record.externalSystem()).build();
    }
}
