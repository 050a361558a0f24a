package dev.zen.integration.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ZenComment;
import dev.zen.integration.core.internal.io.AtomicFiles;
import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.core.internal.io.ParseErrors;
import dev.zen.integration.spi.TaskComments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * The comments of a {@link FileTaskStore}: {@code metadata/comments.json} beside the task's manifest, rewritten
 * atomically (temp file, fsync, rename) under a lock beside it, so other threads and processes wait. Thread-safe.
 */
final class FileTaskComments implements TaskComments {
    /** The file inside a task's metadata folder. */
    static final String FILE = "comments.json";
    private static final ObjectMapper JSON = Jackson.abi();

    private final Function<String, Path> metadataFolder;
    private final Clock clock;

    /** {@code metadataFolder} maps a task id to its metadata folder. */
    FileTaskComments(Function<String, Path> metadataFolder, Clock clock) {
        this.metadataFolder = metadataFolder;
        this.clock = clock;
    }

    @Override
    public List<ZenComment> list(String taskId) {
        return locked(taskId, CommentThread::list, false);
    }

    @Override
    public ZenComment add(String taskId, String author, String body, String source) {
        return locked(taskId, t -> t.add(taskId, author, body, source, clock.instant()), true);
    }

    @Override
    public ZenComment update(String taskId, String commentId, String body) {
        return locked(taskId, t -> t.update(taskId, commentId, body, clock.instant()), true);
    }

    @Override
    public boolean delete(String taskId, String commentId) {
        return locked(taskId, t -> t.delete(commentId), true);
    }

    private <T> T locked(String taskId, Function<CommentThread, T> action, boolean write) {
        Path file = metadataFolder.apply(taskId).resolve(FILE);
        return StoreFiles.locked(file.resolveSibling(FILE + ".lock"), "the comments of task " + taskId, () -> {
            CommentThread thread = read(file);
            T result = action.apply(thread);
            if (write) {
                try {
                    AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(thread.toJson(JSON)));
                } catch (JsonProcessingException e) {
                    throw AtomicFiles.storageError("could not encode " + file, e);
                }
            }
            return result;
        });
    }

    private static CommentThread read(Path file) {
        try {
            return CommentThread.fromJson(JSON.readTree(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return new CommentThread();
        } catch (JsonProcessingException e) {
            throw AtomicFiles.storageError(file + " is not valid JSON (" + ParseErrors.describe(e) + "); fix or restore"
                    + " the file", null);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw AtomicFiles.storageError(file + " holds an invalid comment (" + e.getMessage() + "); fix or restore"
                    + " the file", e);
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not read " + file + ": " + e.getMessage(), e);
        }
    }
}
