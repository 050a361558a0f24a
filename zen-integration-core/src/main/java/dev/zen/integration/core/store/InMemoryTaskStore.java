package dev.zen.integration.core.store;

import dev.zen.integration.ZenTask;
import dev.zen.integration.spi.TaskComments;
import dev.zen.integration.spi.TaskStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TaskStore} in memory, with the same optimistic versioning as the file store. For tests and hosts that
 * keep their tasks elsewhere. Thread-safe.
 */
public final class InMemoryTaskStore implements TaskStore {
    private final Map<String, ZenTask> tasks = new LinkedHashMap<>();
    private final Clock clock;
    private final InMemoryTaskComments comments;

    /** An empty store on the system clock. */
    public InMemoryTaskStore() {
        this(Clock.systemUTC());
    }

    /** An empty store whose {@code created}/{@code updated} times come from {@code clock}. */
    public InMemoryTaskStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.comments = new InMemoryTaskComments(clock);
    }

    /** The tasks' comments, in memory. */
    @Override
    public Optional<TaskComments> comments() {
        return Optional.of(comments);
    }

    @Override
    public synchronized Optional<ZenTask> find(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    @Override
    public synchronized List<ZenTask> list() {
        return new ArrayList<>(tasks.values());
    }

    @Override
    public synchronized ZenTask create(ZenTask task) {
        ZenTask stored = TaskVersions.forCreate(tasks.get(task.id()), task, clock.instant());
        tasks.put(stored.id(), stored);
        return stored;
    }

    @Override
    public synchronized ZenTask update(ZenTask task) {
        ZenTask stored = TaskVersions.forUpdate(tasks.get(task.id()), task, clock.instant());
        tasks.put(stored.id(), stored);
        return stored;
    }

    /** Lower than any host-provided store, so ServiceLoader prefers the host's. */
    @Override
    public int priority() {
        return -100;
    }
}
