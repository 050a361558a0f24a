package dev.zen.integration.core.store;

import dev.zen.integration.ZenComment;
import dev.zen.integration.spi.TaskComments;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The comments of an {@link InMemoryTaskStore}. Thread-safe. */
final class InMemoryTaskComments implements TaskComments {
    private final Map<String, CommentThread> threads = new HashMap<>();
    private final Clock clock;

    InMemoryTaskComments(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<ZenComment> list(String taskId) {
        CommentThread t = threads.get(taskId);
        return t == null ? List.of() : t.list();
    }

    @Override
    public synchronized ZenComment add(String taskId, String author, String body, String source) {
        return threads.computeIfAbsent(taskId, k -> new CommentThread()).add(taskId, author, body, source,
                clock.instant());
    }

    @Override
    public synchronized ZenComment update(String taskId, String commentId, String body) {
        return threads.computeIfAbsent(taskId, k -> new CommentThread()).update(taskId, commentId, body,
                clock.instant());
    }

    @Override
    public synchronized boolean delete(String taskId, String commentId) {
        CommentThread t = threads.get(taskId);
        return t != null && t.delete(commentId);
    }
}
