package dev.zen.integration.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.internal.io.AtomicFiles;
import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.core.internal.io.ParseErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** File access shared by the workspace stores: reading one YAML document, and a folder-wide write lock. */
final class StoreFiles {
    private StoreFiles() {}

    /**
     * Reads one YAML document, or empty if the file does not exist.
     *
     * @param what     names the document in errors, such as "the task manifest"
     * @param remedy   what the user should do when the file is invalid
     */
    static <T> Optional<T> readYaml(Path file, Class<T> type, String what, String remedy) {
        return readYaml(file, type, what, remedy, bytes -> null);
    }

    /**
     * Reads one YAML document as {@link #readYaml(Path, Class, String, String)} does, first asking {@code refuse}
     * what is wrong with the bytes beyond what the parser checks (null: nothing).
     */
    static <T> Optional<T> readYaml(Path file, Class<T> type, String what, String remedy,
                                    Function<byte[], @Nullable String> refuse) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not read " + file + ": " + e.getMessage(), e);
        }
        int codePoints = Jackson.codePoints(bytes);
        if (codePoints > Jackson.YAML_MAX_CODE_POINTS) {
            throw AtomicFiles.storageError(what + " " + file + " is not valid (it has " + codePoints
                    + " code points, more than the " + Jackson.YAML_MAX_CODE_POINTS + " the library reads); "
                    + remedy, null);
        }
        String problem = refuse.apply(bytes);
        if (problem != null) {
            throw AtomicFiles.storageError(what + " " + file + " is not valid (" + problem + "); " + remedy, null);
        }
        try {
            return Optional.of(Jackson.yaml().readValue(bytes, type));
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            // The parser's own message quotes lines of the file (the task's text): say where and what, not the
            // content, and do not chain it as the cause, which a log would print.
            throw AtomicFiles.storageError(what + " " + file + " is not valid (" + ParseErrors.describe(e) + "); "
                    + remedy, null);
        }
    }

    /**
     * The YAML encoding of {@code value}, if a reader can read it back: over {@link Jackson#YAML_MAX_CODE_POINTS}
     * code points it is refused with the exception {@code tooLarge} makes of the count, and nothing is written.
     */
    static byte[] encodeYaml(Object value, String what, IntFunction<IntegrationException> tooLarge) {
        byte[] bytes;
        try {
            bytes = Jackson.yaml().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw AtomicFiles.storageError("could not encode " + what, e);
        }
        int codePoints = Jackson.codePoints(bytes);
        if (codePoints > Jackson.YAML_MAX_CODE_POINTS) throw tooLarge.apply(codePoints);
        return bytes;
    }

    /**
     * Runs {@code action} holding the lock file's lock: first the JVM-wide lock (file locks belong to the whole
     * process), then the file lock, so other threads and other processes wait.
     *
     * @param what names the locked folder in errors
     */
    static <T> T locked(Path lockFile, String what, Supplier<T> action) {
        ReentrantLock jvmLock = JvmFileLocks.of(lockFile);
        jvmLock.lock();
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not lock " + what + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }
}
