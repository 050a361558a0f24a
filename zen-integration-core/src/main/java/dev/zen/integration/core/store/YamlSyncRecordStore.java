package dev.zen.integration.core.store;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ScopeState;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.core.internal.io.AtomicFiles;
import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.core.internal.io.RecordNames;
import dev.zen.integration.spi.ScopeStateStore;
import dev.zen.integration.spi.SyncRecordStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The default {@link SyncRecordStore}: one YAML file per record under {@code <workspace>/.zen/integrations/}
 * (see {@code docs/storage.md}).
 *
 * <ul>
 *   <li>Writes are atomic: temp file, fsync, atomic rename, fsync of the folder. A crash leaves the old or the
 *       new record, never a half-written one.</li>
 *   <li>Writers serialize on a lock file ({@code .zen/integrations/.lock}) so several processes on one machine
 *       can share a workspace; readers by task id need no lock.</li>
 *   <li>The unique indexes (one record per task, one per external system and id) and the optimistic version
 *       check are evaluated under that lock, so a concurrent writer gets {@code SYNC_CONFLICT} instead of a lost
 *       update. The external index is kept in memory and brought up to date from the journal of link changes
 *       ({@link LinkJournal}), so neither a check nor {@link #findByExternal} reads more than one record file,
 *       however many links the folder holds.</li>
 * </ul>
 * Thread-safe.
 */
public final class YamlSyncRecordStore implements SyncRecordStore, ScopeStateStore {
    /** Where records live, relative to the workspace. */
    public static final String FOLDER = ".zen/integrations";
    private static final String SUFFIX = ".yaml";
    /** Whole-project sync state, one file per provider, in a sub-folder so record listings never see it. */
    private static final String SCOPES = "scopes";

    private final Path dir;
    private final Path lockFile;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();
    /** The external index, guarded by the write lock. */
    private final LinkJournal links;
    /** The unique indexes as the files on disk say now (other processes write here too); under the lock only. */
    private final RecordIndex.Lookup onDisk = new RecordIndex.Lookup() {
        @Override
        public Optional<TaskSyncRecord> byTask(String taskId) {
            return readFresh(fileOf(taskId));
        }

        @Override
        public Optional<TaskSyncRecord> byExternal(String externalSystem, String externalId) {
            // the index names a task; its record file has the last word (a hand edit may have changed it)
            return links.taskOf(externalSystem, externalId).flatMap(taskId -> read(fileOf(taskId)))
                    .filter(r -> r.externalSystem().equals(externalSystem) && r.externalId().equals(externalId));
        }
    };

    /** A store in {@code <workspace>/.zen/integrations/}; the folder is created on the first write. */
    public YamlSyncRecordStore(Path workspace) {
        this(workspace, 1 << 20);
    }

    /** A store whose link journal starts a new generation from {@code journalCompactBytes} (tests use small ones). */
    YamlSyncRecordStore(Path workspace, long journalCompactBytes) {
        this.dir = Objects.requireNonNull(workspace, "workspace").resolve(FOLDER);
        this.lockFile = dir.resolve(".lock");
        this.links = new LinkJournal(dir.resolve(LinkJournal.FILE), journalCompactBytes, this::list,
                taskId -> read(fileOf(taskId)));
    }

    /** The folder holding the record files. */
    public Path directory() {
        return dir;
    }

    @Override
    public Optional<TaskSyncRecord> find(String taskId) {
        return read(fileOf(taskId));
    }

    /**
     * Looks the item up in the store's index (no record file is read but the one found), after bringing the index up
     * to date with the links other processes changed; takes the write lock for that briefly.
     */
    @Override
    public Optional<TaskSyncRecord> findByExternal(String externalSystem, String externalId) {
        if (!Files.isDirectory(dir)) return Optional.empty(); // no record yet: a lookup creates no folder or lock file
        return locked(() -> onDisk.byExternal(externalSystem, externalId));
    }

    @Override
    public List<TaskSyncRecord> list() {
        List<TaskSyncRecord> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) return all;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                if (f.getFileName().toString().startsWith(".")) continue; // temp files of interrupted writes
                read(f).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not list sync records in " + dir + ": " + e.getMessage(), e);
        }
        all.sort(Comparator.comparing(TaskSyncRecord::taskId));
        return all;
    }

    @Override
    public TaskSyncRecord insert(TaskSyncRecord record) {
        return locked(() -> {
            TaskSyncRecord stored = RecordIndex.checkInsert(onDisk, record);
            write(stored, true);
            return stored;
        });
    }

    @Override
    public TaskSyncRecord update(TaskSyncRecord record) {
        return locked(() -> {
            TaskSyncRecord current = readFresh(fileOf(record.taskId())).orElse(null);
            TaskSyncRecord stored = RecordIndex.checkUpdate(onDisk, current, record);
            boolean moved = !(current.externalSystem().equals(stored.externalSystem())
                    && current.externalId().equals(stored.externalId()));
            write(stored, moved); // a state update (every sync) leaves the index as it is
            return stored;
        });
    }

    @Override
    public boolean delete(String taskId) {
        return locked(() -> {
            Path f = fileOf(taskId);
            boolean existed = Files.exists(f);
            if (existed) links.changing(taskId);
            AtomicFiles.delete(f);
            cache.remove(f);
            if (existed) links.changed(taskId, null);
            return existed;
        });
    }

    @Override
    public Optional<ScopeState> findScopeState(String provider) {
        return StoreFiles.readYaml(scopeFile(provider), ScopeState.class, "the scope state file",
                "delete it to run the bulk import of provider " + provider + " again (it creates no duplicates)");
    }

    @Override
    public void saveScopeState(ScopeState state) {
        byte[] yaml = StoreFiles.encodeYaml(state, "the scope state of provider " + state.provider(), codePoints ->
                IntegrationException.builder(ErrorCode.INVALID_DATA, "the scope state of provider " + state.provider()
                        + " would have " + codePoints + " code points, more than " + Jackson.YAML_MAX_CODE_POINTS)
                        .provider(state.provider()).build());
        locked(() -> {
            AtomicFiles.write(scopeFile(state.provider()), yaml);
            return null;
        });
    }

    @Override
    public boolean deleteScopeState(String provider) {
        return locked(() -> {
            Path f = scopeFile(provider);
            boolean existed = Files.exists(f);
            AtomicFiles.delete(f);
            return existed;
        });
    }

    private Path scopeFile(String provider) {
        return dir.resolve(SCOPES).resolve(FileNames.encode(provider) + SUFFIX);
    }

    private Path fileOf(String taskId) {
        return dir.resolve(FileNames.encode(taskId) + SUFFIX);
    }

    /** Writes a record; when it changes a link, journalled before the write and indexed after it. */
    private void write(TaskSyncRecord record, boolean linkChange) {
        byte[] yaml = StoreFiles.encodeYaml(record, "the sync record of task " + record.taskId(), codePoints ->
                IntegrationException.builder(ErrorCode.INVALID_DATA, "the sync record of task " + record.taskId()
                        + " would have " + codePoints + " code points, more than the " + Jackson.YAML_MAX_CODE_POINTS
                        + " the library reads back; shorten the task's longest field").taskId(record.taskId()).build());
        if (linkChange) links.changing(record.taskId());
        AtomicFiles.write(fileOf(record.taskId()), yaml);
        if (linkChange) links.changed(record.taskId(), record);
    }

    /** Reads a record, re-parsing only when the file changed (every atomic write creates a new file). */
    private Optional<TaskSyncRecord> read(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            cache.remove(file);
            return Optional.empty();
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not read " + file + ": " + e.getMessage(), e);
        }
        Cached c = cache.get(file);
        if (c != null && c.matches(attrs)) return Optional.of(c.record);
        Optional<TaskSyncRecord> r = readFresh(file);
        r.ifPresent(rec -> cache.put(file, new Cached(attrs.fileKey(), attrs.lastModifiedTime().toMillis(),
                attrs.size(), rec)));
        return r;
    }

    private Optional<TaskSyncRecord> readFresh(Path file) {
        return StoreFiles.readYaml(file, TaskSyncRecord.class, "the sync record file",
                "restore it from a backup or delete it to unlink that task", RecordNames::givenTwice);
    }

    private <T> T locked(Supplier<T> action) {
        return StoreFiles.locked(lockFile, lockFile.toString(), action);
    }

    private record Cached(Object fileKey, long modified, long size, TaskSyncRecord record) {
        boolean matches(BasicFileAttributes a) {
            return Objects.equals(fileKey, a.fileKey()) && modified == a.lastModifiedTime().toMillis()
                    && size == a.size();
        }
    }
}
