package dev.zen.integration.core.store;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.zen.integration.spi.LockProvider;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Semaphore;

/**
 * Per-task locks within one JVM. For tests and single-process hosts; {@link WorkspaceLockProvider} also locks
 * across processes. Locks are not reentrant and may be released from any thread. Thread-safe.
 */
public final class InMemoryLockProvider implements LockProvider {
    // weak values: the lock of a task nobody holds or waits for is dropped
    private final LoadingCache<String, Semaphore> locks =
            Caffeine.newBuilder().weakValues().build(id -> new Semaphore(1));

    /** A provider with no locks held. */
    public InMemoryLockProvider() {}

    @Override
    public Lock acquire(String taskId, Duration timeout) {
        Semaphore lock = locks.get(taskId);
        try {
            if (!lock.tryAcquire(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                throw LockErrors.busy(taskId, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LockErrors.interrupted(taskId, e);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) lock.release(); // closing twice releases once
        };
    }

    /** Lower than any host-provided provider, so ServiceLoader prefers the host's. */
    @Override
    public int priority() {
        return -100;
    }
}
