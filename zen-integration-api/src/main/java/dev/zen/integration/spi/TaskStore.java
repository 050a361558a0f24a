package dev.zen.integration.spi;

import dev.zen.integration.ZenTask;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * Keeps a document beside the task, such as the last data of its linked item ({@code external/jira.json}), for
     * hosts that show it. The engine ignores failures here: the sync never depends on it. Default: not kept.
     *
     * @param taskId       the task
     * @param relativePath a relative path under the task's metadata, with {@code /} separators
     * @param document     a JSON-like document of maps, lists, strings, numbers and booleans
     */
    default void writeMetadata(String taskId, String relativePath, Map<String, ?> document) {}

    /** Among several implementations found by ServiceLoader, the highest priority wins. */
    default int priority() {
        return 0;
    }
}
