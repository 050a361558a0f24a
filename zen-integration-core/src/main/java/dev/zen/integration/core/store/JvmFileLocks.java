package dev.zen.integration.core.store;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One JVM-wide lock per lock file. File locks are held by the whole process, so two threads (or two store
 * instances on the same workspace) must first agree among themselves; {@code FileChannel.lock} would otherwise
 * throw {@code OverlappingFileLockException}.
 */
final class JvmFileLocks {
    private static final LoadingCache<String, ReentrantLock> LOCKS =
            Caffeine.newBuilder().weakValues().build(path -> new ReentrantLock());

    private static final LoadingCache<String, Semaphore> PERMITS =
            Caffeine.newBuilder().weakValues().build(path -> new Semaphore(1));

    private JvmFileLocks() {}

    /** A one-permit semaphore per lock file: not owned by a thread, so a lock may be released from any thread. */
    static Semaphore permit(Path lockFile) {
        return PERMITS.get(lockFile.toAbsolutePath().normalize().toString());
    }

    static ReentrantLock of(Path lockFile) {
        return LOCKS.get(lockFile.toAbsolutePath().normalize().toString());
    }
}
