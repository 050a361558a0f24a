package dev.zen.integration.core.store;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One JVM-wide lock per lock file. File locks are held by the whole process, so two threads (or two store
 * instances on the same workspace) must first agree among themselves; {@code FileChannel.lock} would otherwise
 * throw {@code OverlappingFileLockException}.
 */
final class JvmFileLocks {
    private static final LoadingCache<String, ReentrantLock> LOCKS =
            Caffeine.newBuilder().weakValues().build(path -> new ReentrantLock());

    private JvmFileLocks() {}

    static ReentrantLock of(Path lockFile) {
        return LOCKS.get(lockFile.toAbsolutePath().normalize().toString());
    }
}
