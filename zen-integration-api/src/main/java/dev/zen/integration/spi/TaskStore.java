package dev.zen.integration.spi;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the host keeps its Zen tasks. The library reads and writes tasks only through this SPI.
 *
 * <p>Register an implementation in {@code META-INF/services/dev.zen.integration.spi.TaskStore} (it needs a public
 * no-argument constructor), or pass one to the builder. Without one, a file-based store over the Zen workspace
 * layout is used. Implementations must be thread-safe.
 */
public interface TaskStore {

    /** The task, if it exists. */
    Optional<ZenTask> find(String taskId);

    /** Every task. */
    List<ZenTask> list();

    /**
     * Stores a new task. The store sets {@code created}, {@code updated} and version 1.
     *
     * @return the stored task
     * @throws dev.zen.integration.IntegrationException {@code SYNC_CONFLICT} if the id exists
     */
    ZenTask create(ZenTask task);

    /**
     * Replaces a task if its stored version still equals {@code task.version()}; sets {@code updated} and
     * increments the version.
     *
     * @return the stored task
     * @throws dev.zen.integration.IntegrationException {@code SYNC_CONFLICT} if someone else wrote it first,
     *                                                  {@code NOT_FOUND} if it does not exist
     */
    ZenTask update(ZenTask task);

    /**
     * Edits a task in one call: reads it, applies {@code change} to a builder of it, and stores the result. When
     * someone else writes the task in between ({@code SYNC_CONFLICT}), the change is applied again to the newer
     * version, up to five times, so a concurrent edit is never overwritten.
     *
     * <pre>{@code
     * zen.taskStore().edit("task-1", t -> t.title("Export fails on Windows").status("In Progress"));
     * }</pre>
     *
     * @return the stored task
     * @throws IntegrationException {@code INVALID_DATA} for a blank id or a null change, {@code NOT_FOUND} if the
     *                              task does not exist, {@code SYNC_CONFLICT} if it kept changing under the edit
     */
    default ZenTask edit(String taskId, UnaryOperator<ZenTask.Builder> change) {
        if (taskId == null || taskId.isBlank()) {
            throw IntegrationException.of(ErrorCode.INVALID_DATA, "edit: taskId must be a task id, not blank");
        }
        if (change == null) throw IntegrationException.of(ErrorCode.INVALID_DATA, "edit: change must not be null");
        for (int attempt = 1; ; attempt++) {
            ZenTask current = find(taskId).orElseThrow(() -> IntegrationException.builder(ErrorCode.NOT_FOUND,
                    "task " + taskId + " does not exist; create it first").taskId(taskId).build());
            ZenTask.Builder changed = change.apply(current.toBuilder());
            if (changed == null) throw IntegrationException.of(ErrorCode.INVALID_DATA, "edit: change returned null");
            ZenTask next = changed.build();
            if (!next.id().equals(taskId)) {
                throw IntegrationException.of(ErrorCode.INVALID_DATA, "edit: change may not give task " + taskId
                        + " another id (" + next.id() + "); create a new task instead");
            }
            try {
                return update(next);
            } catch (IntegrationException e) {
                if (e.code() != ErrorCode.SYNC_CONFLICT || attempt == 5) throw e;
            }
        }
    }

    /**
     * Keeps a document beside the task, such as the last data of its linked item ({@code external/jira.json}), for
     * hosts that show it. The engine ignores failures here: the sync never depends on it. Default: not kept.
     *
     * @param taskId       the task
     * @param relativePath a relative path under the task's metadata, with {@code /} separators
     * @param document     a JSON-like document of maps, lists, strings, numbers and booleans
     */
    default void writeMetadata(String taskId, String relativePath, Map<String, ?> document) {}

    /**
     * The comments of this store's tasks, if it keeps them. Without them (the default), comment sync is off for every
     * provider whatever its {@code comments} setting says; the file and in-memory stores keep them.
     */
    default Optional<TaskComments> comments() {
        return Optional.empty();
    }

    /** Among several implementations found by ServiceLoader, the highest priority wins. */
    default int priority() {
        return 0;
    }
}
