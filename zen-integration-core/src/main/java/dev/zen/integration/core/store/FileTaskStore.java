package dev.zen.integration.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.core.internal.io.AtomicFiles;
import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.core.internal.io.ParseErrors;
import dev.zen.integration.spi.TaskComments;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /**
     * The largest manifest this store writes, in code points (8 Mi, a task of about 8 million characters): an
     * update or create over it fails with {@code INVALID_DATA} naming the task and its largest field, and nothing
     * is written. It is well below {@link #MAX_READ_CODE_POINTS}, so every manifest written can be read back.
     */
    public static final int MAX_MANIFEST_CODE_POINTS = 8 * 1024 * 1024;
    /**
     * The largest manifest this store reads, in code points (32 Mi); a larger file (written by another tool) is
     * reported as unreadable with {@code STORAGE_ERROR}, skipped by {@link #list()} and named by
     * {@link #unreadable()}.
     */
    public static final int MAX_READ_CODE_POINTS = Jackson.YAML_MAX_CODE_POINTS;
    private static final Logger LOG = LoggerFactory.getLogger(FileTaskStore.class);

    private final Path dir;
    private final Clock clock;
    private final FileTaskComments comments;

    /** A store over {@code <workspace>/tasks/} on the system clock. */
    public FileTaskStore(Path workspace) {
        this(workspace, Clock.systemUTC());
    }

    /** A store over {@code <workspace>/tasks/} whose times come from {@code clock}. */
    public FileTaskStore(Path workspace, Clock clock) {
        this.dir = Objects.requireNonNull(workspace, "workspace").resolve(FOLDER);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.comments = new FileTaskComments(this::metadataFolder, clock);
    }

    /** The tasks' comments, in {@code metadata/comments.json} beside each task's manifest. */
    @Override
    public Optional<TaskComments> comments() {
        return Optional.of(comments);
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

    /**
     * Every task that can be read, in id order. A manifest that cannot be read (broken by a hand edit, too large)
     * does not fail the listing: it is skipped with a WARN naming the file, and {@link #unreadable()} lists it.
     */
    @Override
    public List<ZenTask> list() {
        List<ZenTask> all = new ArrayList<>();
        for (Path manifest : manifests()) {
            try {
                read(manifest).ifPresent(all::add);
            } catch (IntegrationException e) {
                LOG.warn("Skipping task manifest {} while listing tasks: {}", manifest, e.getMessage());
            }
        }
        all.sort(Comparator.comparing(ZenTask::id));
        return all;
    }

    /**
     * The task manifests that cannot be read, which {@link #list()} skips, with what is wrong with each (the same
     * content-free description {@link #find(String)} fails with), in path order. Empty when every task is readable.
     */
    public List<Unreadable> unreadable() {
        List<Unreadable> bad = new ArrayList<>();
        for (Path manifest : manifests()) {
            try {
                read(manifest);
            } catch (IntegrationException e) {
                bad.add(new Unreadable(manifest, e.getMessage()));
            }
        }
        bad.sort(Comparator.comparing(Unreadable::manifest));
        return bad;
    }

    /** A task manifest that cannot be read, and why (without the file's content). */
    public record Unreadable(Path manifest, String problem) {}

    private List<Path> manifests() {
        List<Path> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) return all;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path f : folders) all.add(f.resolve(MANIFEST));
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not list tasks in " + dir + ": " + e.getMessage(), e);
        }
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
        byte[] yaml = StoreFiles.encodeYaml(task, "task " + task.id(), codePoints -> tooLarge(task, codePoints));
        int codePoints = Jackson.codePoints(yaml);
        if (codePoints > MAX_MANIFEST_CODE_POINTS) throw tooLarge(task, codePoints);
        AtomicFiles.write(taskFolder(task.id()).resolve(MANIFEST), yaml);
    }

    /** Names the task and its largest field, never their text. */
    private static IntegrationException tooLarge(ZenTask task, int codePoints) {
        Map.Entry<String, String> largest = ZenTasks.canonicalFields(task).entrySet().stream()
                .max(Comparator.comparingInt(e -> e.getValue().length())).orElseThrow();
        int fieldSize = largest.getValue().codePointCount(0, largest.getValue().length());
        return IntegrationException.builder(ErrorCode.INVALID_DATA, "task " + task.id() + " cannot be stored: its"
                + " manifest would have " + codePoints + " code points, more than the " + MAX_MANIFEST_CODE_POINTS
                + " the task store writes (FileTaskStore.MAX_MANIFEST_CODE_POINTS); its largest field, "
                + largest.getKey() + ", has " + fieldSize + "; shorten it. Nothing was written")
                .taskId(task.id()).detail("field", largest.getKey()).build();
    }

    private Optional<ZenTask> read(Path manifest) {
        return StoreFiles.readYaml(manifest, ZenTask.class, "the task manifest", "fix or restore the file");
    }

    private <T> T locked(Supplier<T> action) {
        return StoreFiles.locked(dir.resolve(".lock"), "the tasks folder " + dir, action);
    }
}
