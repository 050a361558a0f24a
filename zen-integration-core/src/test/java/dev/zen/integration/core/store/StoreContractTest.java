package dev.zen.integration.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.ZenTask;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SPI contracts, checked against the file-based and the in-memory implementation alike. */
class StoreContractTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    @TempDir Path workspace;

    static Stream<Arguments> recordStores() {
        return Stream.of(
                Arguments.of("yaml", (Function<Path, SyncRecordStore>) YamlSyncRecordStore::new),
                Arguments.of("in-memory", (Function<Path, SyncRecordStore>) ws -> new InMemorySyncRecordStore()));
    }

    static Stream<Arguments> taskStores() {
        return Stream.of(
                Arguments.of("files", (Function<Path, TaskStore>) ws -> new FileTaskStore(ws, CLOCK)),
                Arguments.of("in-memory", (Function<Path, TaskStore>) ws -> new InMemoryTaskStore(CLOCK)));
    }

    static Stream<Arguments> lockProviders() {
        return Stream.of(
                Arguments.of("workspace", (Function<Path, LockProvider>) WorkspaceLockProvider::new),
                Arguments.of("in-memory", (Function<Path, LockProvider>) ws -> new InMemoryLockProvider()));
    }

    static TaskSyncRecord link(String task, String ext) {
        return TaskSyncRecord.link(task, "jira", ext, SyncDirection.BIDIRECTIONAL, Instant.EPOCH);
    }

    static void assertCode(Runnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(IntegrationException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordStores")
    void recordStoreKeepsVersionsAndBothUniqueIndexes(String name, Function<Path, SyncRecordStore> factory) {
        SyncRecordStore store = factory.apply(workspace);
        TaskSyncRecord v1 = store.insert(link("t1", "X-1"));
        store.insert(link("t2", "X-2"));

        assertThat(v1.version()).isEqualTo(1);
        assertCode(() -> store.insert(link("t1", "X-9")), ErrorCode.SYNC_CONFLICT);
        assertCode(() -> store.insert(link("t3", "X-1")), ErrorCode.SYNC_CONFLICT);
        assertCode(() -> store.update(v1.toBuilder().externalId("X-2").build()), ErrorCode.SYNC_CONFLICT);
        assertCode(() -> store.update(link("t9", "X-9").toBuilder().version(1).build()), ErrorCode.NOT_FOUND);
        TaskSyncRecord v2 = store.update(v1.toBuilder().lastError("e").build());
        assertThat(v2.version()).isEqualTo(2);
        assertCode(() -> store.update(v1), ErrorCode.SYNC_CONFLICT);
        assertThat(store.findByExternal("jira", "X-1")).contains(v2);
        assertThat(store.list()).extracting(TaskSyncRecord::taskId).containsExactly("t1", "t2");
        assertThat(store.delete("t1")).isTrue();
        assertThat(store.findByExternal("jira", "X-1")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordStores")
    void recordStoreFreesTheOldItemWhenALinkMovesToAnother(String name, Function<Path, SyncRecordStore> factory) {
        SyncRecordStore store = factory.apply(workspace);
        TaskSyncRecord v1 = store.insert(link("t1", "X-1"));

        TaskSyncRecord moved = store.update(v1.toBuilder().externalId("X-5").build());
        TaskSyncRecord other = store.insert(link("t2", "X-1"));

        assertThat(store.findByExternal("jira", "X-5")).contains(moved);
        assertThat(store.findByExternal("jira", "X-1")).contains(other);
        assertCode(() -> store.insert(link("t3", "X-5")), ErrorCode.SYNC_CONFLICT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("taskStores")
    void taskStoreSetsTimesAndVersionsAndRefusesStaleWrites(String name, Function<Path, TaskStore> factory) {
        TaskStore store = factory.apply(workspace);
        ZenTask v1 = store.create(ZenTask.builder("t1", "A").build());

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.created()).isEqualTo(CLOCK.instant());
        assertCode(() -> store.create(ZenTask.builder("t1", "B").build()), ErrorCode.SYNC_CONFLICT);
        ZenTask v2 = store.update(v1.toBuilder().title("B").build());
        assertThat(v2.version()).isEqualTo(2);
        assertCode(() -> store.update(v1.toBuilder().title("C").build()), ErrorCode.SYNC_CONFLICT);
        assertCode(() -> store.update(ZenTask.builder("nope", "X").version(1).build()), ErrorCode.NOT_FOUND);
        assertThat(store.find("t1")).contains(v2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lockProviders")
    void lockProviderExcludesOthersUntilReleasedFromAnyThread(String name, Function<Path, LockProvider> factory)
            throws Exception {
        LockProvider locks = factory.apply(workspace);
        LockProvider.Lock held = locks.acquire("t1", Duration.ofSeconds(1));

        IntegrationException other = CompletableFuture.supplyAsync(() -> {
            try {
                locks.acquire("t1", Duration.ofMillis(50)).close();
                return null;
            } catch (IntegrationException e) {
                return e;
            }
        }).get(5, TimeUnit.SECONDS);
        assertThat(other).isNotNull().extracting(IntegrationException::code).isEqualTo(ErrorCode.LOCK_TIMEOUT);
        CompletableFuture.runAsync(held::close).get(5, TimeUnit.SECONDS); // released by another thread
        held.close(); // a second close does nothing
        LockProvider.Lock again = locks.acquire("t1", Duration.ofSeconds(1));
        assertCode(() -> locks.acquire("t1", Duration.ofMillis(50)), ErrorCode.LOCK_TIMEOUT); // not reentrant
        again.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("taskStores")
    void editChangesATaskInOneCallAndReappliesAfterAConcurrentWrite(String kind, Function<Path, TaskStore> make) {
        TaskStore store = make.apply(workspace);
        store.create(ZenTask.builder("task-1", "Export fails").status("To Do").build());
        TaskStore racing = new TaskStore() {
            private boolean raced;

            @Override
            public Optional<ZenTask> find(String id) {
                return store.find(id);
            }

            @Override
            public List<ZenTask> list() {
                return store.list();
            }

            @Override
            public ZenTask create(ZenTask task) {
                return store.create(task);
            }

            @Override
            public ZenTask update(ZenTask task) {
                if (!raced) { // someone else writes between this edit's read and its write
                    raced = true;
                    store.update(store.find(task.id()).orElseThrow().toBuilder().priority("High").build());
                }
                return store.update(task);
            }
        };

        ZenTask edited = racing.edit("task-1", t -> t.title("Export fails on Windows"));

        assertThat(edited.title()).isEqualTo("Export fails on Windows");
        assertThat(edited.priority()).isEqualTo("High");
        assertThat(edited.version()).isEqualTo(3);
        assertCode(() -> store.edit("missing", t -> t.title("x")), ErrorCode.NOT_FOUND);
        assertCode(() -> store.edit(" ", t -> t.title("x")), ErrorCode.INVALID_DATA);
        assertCode(() -> store.edit("task-1", t -> ZenTask.builder("task-2", "other")), ErrorCode.INVALID_DATA);
    }
}
