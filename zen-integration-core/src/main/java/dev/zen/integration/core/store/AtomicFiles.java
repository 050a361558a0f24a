package dev.zen.integration.core.store;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Crash-safe file replacement: write a temp file, fsync it, rename it over the target, fsync the folder. */
final class AtomicFiles {
    /** Suffix of temp files; leftovers of a crash are ignored by readers and removed on the next write. */
    static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {}

    static void write(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw storageError("the file system of " + dir + " cannot rename atomically; "
                        + "put the workspace on a local file system", e);
            }
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw storageError("could not write " + target + ": " + e.getMessage()
                    + "; check that the folder exists, is writable and the disk is not full", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a leftover temp file is ignored by readers
            }
        }
    }

    static void delete(Path target) {
        try {
            Files.deleteIfExists(target);
            fsyncDirectory(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw storageError("could not delete " + target + ": " + e.getMessage(), e);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some platforms (Windows) cannot open a folder; the rename itself is still atomic
        }
    }

    static IntegrationException storageError(String message, Throwable cause) {
        return IntegrationException.builder(ErrorCode.STORAGE_ERROR, message).cause(cause).build();
    }
}
