package dev.zen.integration.spi;

import dev.zen.integration.ZenComment;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The comments of Zen tasks: an optional capability of a {@link TaskStore} ({@link TaskStore#comments()}). With it,
 * the sync engine copies comments between Zen and the providers whose {@code comments} setting is not {@code off}.
 * The file store keeps them in {@code metadata/comments.json} beside the task; the in-memory store in memory.
 *
 * <pre>{@code
 * zen.taskStore().comments().orElseThrow().add("task-1", "Ann Lee", "Reproduced on 2.3.1", null);
 * }</pre>
 *
 * <p>Implementations must be thread-safe; each method is atomic.
 */
public interface TaskComments {

    /** The task's comments, oldest first; empty for a task without comments. */
    List<ZenComment> list(String taskId);

    /** One comment of the task, if it exists. */
    default Optional<ZenComment> find(String taskId, String commentId) {
        return list(taskId).stream().filter(c -> c.id().equals(commentId)).findFirst();
    }

    /**
     * Appends a comment; the store assigns its id and times.
     *
     * @param source {@code <provider>:<external comment id>} for a copy of an external comment, else null
     * @return the stored comment
     * @throws dev.zen.integration.IntegrationException {@code INVALID_DATA} for a blank task id or author
     */
    ZenComment add(String taskId, String author, String body, @Nullable String source);

    /**
     * Replaces a comment's text and sets its {@code updated} time.
     *
     * @return the stored comment
     * @throws dev.zen.integration.IntegrationException {@code NOT_FOUND} if the comment does not exist
     */
    ZenComment update(String taskId, String commentId, String body);

    /** Deletes a comment; false if it did not exist. */
    boolean delete(String taskId, String commentId);
}
