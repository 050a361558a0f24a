package dev.zen.integration.core.store;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.LockProvider;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Semaphore;

/**
 * The default {@link LockProvider}: a task's lock is held within the JVM (a one-permit semaphore shared by every
 * provider on the same workspace; not reentrant, and releasable from any thread) and across processes on one
 * machine (an exclusive {@link FileChannel#lock() file lock} on
 * {@code <workspace>/.zen/locks/<task>.lock}). The operating system releases the file locks of a process that
 * dies, so a crash never leaves a task locked. Lock files are left in place on purpose: deleting them would let two
 * processes lock different files for the same task. Thread-safe.
 */
public final class WorkspaceLockProvider implements LockProvider {
    /** Where lock files live, relative to the workspace. */
    public static final String FOLDER = ".zen/locks";
    private static final long POLL_MILLIS = 20;

    private final Path dir;

    /** Locks in {@code <workspace>/.zen/locks/}. */
    public WorkspaceLockProvider(Path workspace) {
        this.dir = Objects.requireNonNull(workspace, "workspace").resolve(FOLDER);
    }

    @Override
    public Lock acquire(String taskId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path file = dir.resolve(FileNames.encode(taskId) + ".lock");
        Semaphore jvm = JvmFileLocks.permit(file);
        try {
            if (!jvm.tryAcquire(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                throw LockErrors.busy(taskId, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LockErrors.interrupted(taskId, e);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock fileLock = channel.tryLock();
                if (fileLock != null) {
                    FileChannel held = channel;
                    AtomicBoolean released = new AtomicBoolean();
                    return () -> {
                        if (!released.compareAndSet(false, true)) return; // closing twice releases once
                        try {
                            held.close(); // releases the file lock
                        } catch (IOException ignored) {
                            // the lock dies with the channel either way
                        } finally {
                            jvm.release();
                        }
                    };
                }
                if (System.nanoTime() >= deadline) throw LockErrors.busy(taskId, timeout);
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException e) {
            release(channel, jvm);
            throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "could not lock task " + taskId + " in " + dir
                    + ": " + e.getMessage() + "; check that the workspace is writable").taskId(taskId).cause(e).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(channel, jvm);
            throw LockErrors.interrupted(taskId, e);
        } catch (RuntimeException e) {
            release(channel, jvm);
            throw e;
        }
    }

    private static void release(FileChannel ch, Semaphore jvm) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // nothing to do
        } finally {
            jvm.release();
        }
    }
}
