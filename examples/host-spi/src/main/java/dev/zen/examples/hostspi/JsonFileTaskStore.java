package dev.zen.examples.hostspi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import dev.zen.integration.spi.TaskStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The host's own task storage: every task in one JSON file, a stand-in for the host's database. Made by the
 * {@link JsonFileTaskStoreFactory} registered with ServiceLoader, so Zen Integration reads and writes the host's
 * tasks here without naming the store, and the store gets its file and clock from the integration's context.
 *
 * <p>It honours the {@link TaskStore} contract:
 * <ul>
 *   <li>{@link #create} sets {@code created}, {@code updated} and version 1, and refuses an existing id with
 *       {@code SYNC_CONFLICT};</li>
 *   <li>{@link #update} is optimistic: it succeeds only if the stored version still equals the task's version,
 *       then sets {@code updated} and increments the version; otherwise {@code SYNC_CONFLICT} (someone wrote
 *       first) or {@code NOT_FOUND};</li>
 *   <li>thread-safe, also across instances and processes sharing the file: each change is a read-check-write
 *       under a lock, and the file is replaced atomically, so a crash leaves the old or the new file, never half
 *       of one.</li>
 * </ul>
 * The document is {@code {"tasks": [...]}} with snake_case names and ISO-8601 times.
 */
public final class JsonFileTaskStore implements TaskStore {
    /** The file name inside the host data folder, where the factory puts it unless told otherwise. */
    public static final String FILE_NAME = "tasks.json";
    /** Above the library's in-memory store (-100) and the default 0, for hosts that register the store itself. */
    public static final int PRIORITY = 100;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    /** One lock per file for the threads of this JVM (a file lock alone cannot be shared between threads). */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Clock clock;

    /** The file as stored: the tasks in creation order. */
    private record Document(List<ZenTask> tasks) {
        Document {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    /** Stores tasks in {@code file}, taking {@code created}/{@code updated} times from {@code clock}. */
    public JsonFileTaskStore(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The JSON file this store keeps its tasks in. */
    public Path file() {
        return file;
    }

    @Override
    public Optional<ZenTask> find(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return locked(tasks -> Optional.ofNullable(tasks.get(taskId)), false);
    }

    @Override
    public List<ZenTask> list() {
        return locked(tasks -> List.copyOf(tasks.values()), false);
    }

    @Override
    public ZenTask create(ZenTask task) {
        Objects.requireNonNull(task, "task");
        return locked(tasks -> {
            if (tasks.containsKey(task.id())) {
                throw IntegrationException.builder(ErrorCode.SYNC_CONFLICT, "task " + task.id()
                        + " already exists in " + file + "; choose another id or update the existing task")
                        .taskId(task.id()).build();
            }
            ZenTask stored = task.toBuilder().created(clock.instant()).updated(clock.instant()).version(1).build();
            tasks.put(stored.id(), stored);
            return stored;
        }, true);
    }

    @Override
    public ZenTask update(ZenTask task) {
        Objects.requireNonNull(task, "task");
        return locked(tasks -> {
            ZenTask existing = tasks.get(task.id());
            if (existing == null) {
                throw IntegrationException.builder(ErrorCode.NOT_FOUND, "task " + task.id() + " does not exist in "
                        + file + "; create it first").taskId(task.id()).build();
            }
            if (existing.version() != task.version()) {
                throw IntegrationException.builder(ErrorCode.SYNC_CONFLICT, "task " + task.id()
                        + " was changed concurrently (stored version " + existing.version() + ", written version "
                        + task.version() + "); re-read it and apply the change again").taskId(task.id()).build();
            }
            ZenTask stored = task.toBuilder().created(existing.created()).updated(clock.instant())
                    .version(existing.version() + 1).build();
            tasks.put(stored.id(), stored);
            return stored;
        }, true);
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public String toString() {
        return "JsonFileTaskStore[" + file + "]";
    }

    /**
     * Runs {@code action} on the tasks as stored, holding this JVM's lock and an exclusive file lock; if
     * {@code write}, stores the tasks afterwards (only if the action returned normally).
     */
    private <T> T locked(Function<Map<String, ZenTask>, T> action, boolean write) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                channel.lock(); // other processes wait here; released when the channel closes
                Map<String, ZenTask> tasks = read();
                T result = action.apply(tasks);
                if (write) write(tasks);
                return result;
            }
        } catch (IOException e) {
            throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "could not access the task file " + file
                    + ": " + e.getMessage() + "; check that its folder exists and is writable").cause(e).build();
        } finally {
            jvmLock.unlock();
        }
    }

    private Map<String, ZenTask> read() throws IOException {
        Map<String, ZenTask> tasks = new LinkedHashMap<>();
        if (!Files.exists(file)) return tasks;
        try {
            JSON.readValue(file.toFile(), Document.class).tasks().forEach(t -> tasks.put(t.id(), t));
        } catch (JacksonException | IllegalArgumentException e) {
            throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "the task file " + file
                    + " is not a valid task document (" + e.getMessage() + "); restore it from a backup")
                    .cause(e).build();
        }
        return tasks;
    }

    /** Writes a temporary file, forces it to disk, then atomically replaces the task file with it. */
    private void write(Map<String, ZenTask> tasks) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(new Document(new ArrayList<>(tasks.values()))));
        Path temp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                while (bytes.hasRemaining()) channel.write(bytes);
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
