package dev.zen.integration.core.store;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import java.time.Instant;

/** The optimistic-version rules every task store shares. */
final class TaskVersions {
    private TaskVersions() {}

    static ZenTask forCreate(ZenTask existing, ZenTask task, Instant now) {
        if (existing != null) {
            throw IntegrationException.builder(ErrorCode.SYNC_CONFLICT, "task " + task.id()
                    + " already exists; choose another id or update the existing task").taskId(task.id()).build();
        }
        return task.toBuilder().created(now).updated(now).version(1).build();
    }

    static ZenTask forUpdate(ZenTask existing, ZenTask task, Instant now) {
        if (existing == null) {
            throw IntegrationException.builder(ErrorCode.NOT_FOUND, "task " + task.id()
                    + " does not exist; create it first").taskId(task.id()).build();
        }
        if (existing.version() != task.version()) {
            throw IntegrationException.builder(ErrorCode.SYNC_CONFLICT, "task " + task.id()
                    + " was changed concurrently (stored version " + existing.version() + ", written version "
                    + task.version() + "); re-read it and apply the change again").taskId(task.id()).build();
        }
        return task.toBuilder().created(existing.created()).updated(now).version(existing.version() + 1).build();
    }
}
