package dev.zen.integration.spi;

import java.time.Duration;

/**
 * Per-task locks, so two syncs of the same task never interleave. The default locks within the JVM and across
 * processes on one machine (file locks in the workspace). A host running several machines can plug in a
 * distributed lock. Implementations must be thread-safe.
 */
public interface LockProvider {

    /**
     * Acquires the lock of a task, waiting at most {@code timeout}.
     *
     * @return the held lock; close it to release
     * @throws dev.zen.integration.IntegrationException {@code SYNC_CONFLICT} if the lock was not acquired in time
     */
    Lock acquire(String taskId, Duration timeout);

    /** Among several implementations found by ServiceLoader, the highest priority wins. */
    default int priority() {
        return 0;
    }

    /** A held lock. */
    interface Lock extends AutoCloseable {
        /** Releases the lock. */
        @Override
        void close();
    }
}
