package dev.zen.integration.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.internal.io.AtomicFiles;
import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.core.internal.io.ParseErrors;
import dev.zen.integration.spi.TaskStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The default {@link TaskStore}: the Zen workspace layout, one folder per task under {@code <workspace>/tasks/}
 * holding {@code manifest.yaml} (the task) and a {@code metadata/} folder, where the sync engine keeps the
 * external data of the task's link ({@code metadata/external/<provider>.json}). See {@code docs/storage.md}.
 *
 * <p>Manifests are written atomically (temp file, fsync, rename); writers serialize on {@code tasks/.lock}, so
 * several processes may share a workspace; an update based on an old version fails with {@code SYNC_CONFLICT}.
 * Thread-safe.
 */
public final class FileTaskStore implements TaskStore {
    /** The tasks folder, relative to the workspace. */
    public static final String FOLDER = "tasks";
    /** The task file inside a task folder. */
    public static final String MANIFEST = "manifest.yaml";
    /** The metadata folder inside a task folder. */
    public static final String METADATA = "metadata";

    private final Path dir;
    private final Clock clock;

    /** A store over {@code <workspace>/tasks/} on the system clock. */
    public FileTaskStore(Path workspace) {
        this(workspace, Clock.systemUTC());
    }

    /** A store over {@code <workspace>/tasks/} whose times come from {@code clock}. */
    public FileTaskStore(Path workspace, Clock clock) {
        this.dir = Objects.requireNonNull(workspace, "workspace").resolve(FOLDER);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The folder of a task (it may not exist yet). */
    public Path taskFolder(String taskId) {
        return dir.resolve(FileNames.encode(taskId));
    }

    /** The metadata folder of a task (it may not exist yet). */
    public Path metadataFolder(String taskId) {
        return taskFolder(taskId).resolve(METADATA);
    }

    @Override
    public Optional<ZenTask> find(String taskId) {
        return read(taskFolder(taskId).resolve(MANIFEST));
    }

    @Override
    public List<ZenTask> list() {
        List<ZenTask> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) return all;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path f : folders) read(f.resolve(MANIFEST)).ifPresent(all::add);
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not list tasks in " + dir + ": " + e.getMessage(), e);
        }
        all.sort(Comparator.comparing(ZenTask::id));
        return all;
    }

    @Override
    public ZenTask create(ZenTask task) {
        return locked(() -> {
            ZenTask stored = TaskVersions.forCreate(find(task.id()).orElse(null), task, clock.instant());
            write(stored);
            try {
                Files.createDirectories(metadataFolder(task.id()));
            } catch (IOException e) {
                throw AtomicFiles.storageError("could not create " + metadataFolder(task.id()), e);
            }
            return stored;
        });
    }

    @Override
    public ZenTask update(ZenTask task) {
        return locked(() -> {
            ZenTask stored = TaskVersions.forUpdate(find(task.id()).orElse(null), task, clock.instant());
            write(stored);
            return stored;
        });
    }

    /**
     * Writes a document into the task's {@code metadata/} folder atomically, as JSON. Used by the sync engine to
     * keep the last external data of a link next to the task.
     */
    @Override
    public void writeMetadata(String taskId, String relativePath, Map<String, ?> document) {
        Path target = resolveMetadata(taskId, relativePath);
        try {
            AtomicFiles.write(target, Jackson.abi().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        } catch (JsonProcessingException e) {
            throw AtomicFiles.storageError("could not encode " + target, e);
        }
    }

    /** Reads a JSON document from the task's {@code metadata/} folder, if present. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> readMetadata(String taskId, String relativePath) {
        Path source = resolveMetadata(taskId, relativePath);
        try {
            return Optional.of(Jackson.abi().readValue(Files.readAllBytes(source), Map.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw AtomicFiles.storageError(source + " is not valid JSON (" + ParseErrors.describe(e) + "); delete it "
                    + "and sync the task again to rewrite it", null);
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not read " + source + ": " + e.getMessage(), e);
        }
    }

    private Path resolveMetadata(String taskId, String relativePath) {
        Path base = metadataFolder(taskId).toAbsolutePath().normalize();
        Path target = base.resolve(relativePath).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new IllegalArgumentException("metadata path must stay inside the metadata folder: " + relativePath);
        }
        return target;
    }

    private void write(ZenTask task) {
        try {
            AtomicFiles.write(taskFolder(task.id()).resolve(MANIFEST), Jackson.yaml().writeValueAsBytes(task));
        } catch (JsonProcessingException e) {
            throw AtomicFiles.storageError("could not encode task " + task.id(), e);
        }
    }

    private Optional<ZenTask> read(Path manifest) {
        return StoreFiles.readYaml(manifest, ZenTask.class, "the task manifest", "fix or restore the file");
    }

    private <T> T locked(Supplier<T> action) {
        return StoreFiles.locked(dir.resolve(".lock"), "the tasks folder " + dir, action);
    }
}
