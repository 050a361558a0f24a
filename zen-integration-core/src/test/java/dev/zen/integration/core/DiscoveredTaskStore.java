package dev.zen.integration.core;

import dev.zen.integration.ZenTask;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.spi.TaskStore;
import java.util.List;
import java.util.Optional;

/** A TaskStore registered in src/test/resources/META-INF/services, as a host would register its own. */
public final class DiscoveredTaskStore implements TaskStore {
    private final InMemoryTaskStore delegate = new InMemoryTaskStore();

    public DiscoveredTaskStore() {}

    @Override public Optional<ZenTask> find(String taskId) { return delegate.find(taskId); }
    @Override public List<ZenTask> list() { return delegate.list(); }
    @Override public ZenTask create(ZenTask task) { return delegate.create(task); }
    @Override public ZenTask update(ZenTask task) { return delegate.update(task); }
    @Override public int priority() { return 10; }
}
