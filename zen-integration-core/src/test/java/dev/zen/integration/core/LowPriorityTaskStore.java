package dev.zen.integration.core;

import dev.zen.integration.ZenTask;
import dev.zen.integration.spi.TaskStore;
import java.util.List;
import java.util.Optional;

/** A second registered TaskStore with a lower priority: it must lose to {@link DiscoveredTaskStore}. */
public final class LowPriorityTaskStore implements TaskStore {
    public LowPriorityTaskStore() {}

    @Override public Optional<ZenTask> find(String taskId) { return Optional.empty(); }
    @Override public List<ZenTask> list() { return List.of(); }
    @Override public ZenTask create(ZenTask task) { throw new UnsupportedOperationException(); }
    @Override public ZenTask update(ZenTask task) { throw new UnsupportedOperationException(); }
    @Override public int priority() { return 1; }
}
