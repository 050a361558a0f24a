package dev.zen.integration.core.internal.io;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Crash-safe file replacement for every file the library writes (sync records, tasks, configuration,
 * credentials): write a temp file in the same folder, fsync it, rename it over the target, fsync the folder.
 * Readers see the old or the new content, never half of it. Internal: not part of the API.
 */
public final class AtomicFiles {
    /**
     * Suffix of temp files. A write removes its own temp file whatever happens; only a crash of the JVM mid-write
     * leaves one behind, which readers never look at and an operator may delete.
     */
    static final String TEMP_SUFFIX = ".tmp";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {}

    /**
     * Replaces {@code target} with {@code content} atomically, creating parent folders.
     *
     * @throws IntegrationException STORAGE_ERROR if the file cannot be written; the old content is then intact
     */
    public static void write(Path target, byte[] content) {
        write(target, content, false);
    }

    /**
     * Replaces {@code target} with {@code content} atomically, creating parent folders.
     *
     * @param ownerOnly create the file with permissions {@code rw-------} where the file system supports POSIX
     * @throws IntegrationException STORAGE_ERROR if the file cannot be written; the old content is then intact
     */
    public static void write(Path target, byte[] content, boolean ownerOnly) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        boolean posix = dir.getFileSystem().equals(FileSystems.getDefault())
                && FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(temp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
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

    /** Deletes {@code target} if present and syncs its folder. */
    public static void delete(Path target) {
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

    /** A STORAGE_ERROR with the given message and cause. */
    public static IntegrationException storageError(String message, Throwable cause) {
        return IntegrationException.builder(ErrorCode.STORAGE_ERROR, message).cause(cause).build();
    }
}
