package dev.zen.examples.hostspi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.testkit.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link TaskStore} contract, scenario by scenario, for the host's JSON-file store (neither the core nor the
 * testkit publishes a reusable contract test).
 */
class JsonFileTaskStoreTest {
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir Path dir;
    TestClock clock = TestClock.at(T0);

    JsonFileTaskStore store() {
        return new JsonFileTaskStore(dir.resolve("tasks.json"), clock);
    }

    static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(IntegrationException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void givenANewTaskWhenCreatedThenTheStoreSetsTimesAndVersionOne() {
        ZenTask stored = store().create(ZenTask.builder("t1", "Write the report").version(7).build());

        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.created()).isEqualTo(T0);
        assertThat(stored.updated()).isEqualTo(T0);
        assertThat(store().find("t1")).contains(stored);
    }

    @Test
    void givenAnExistingIdWhenCreatedAgainThenSyncConflictAndTheFirstTaskIsKept() {
        JsonFileTaskStore store = store();
        ZenTask first = store.create(ZenTask.builder("t1", "First").build());

        assertCode(() -> store.create(ZenTask.builder("t1", "Second").build()), ErrorCode.SYNC_CONFLICT);
        assertThat(store.find("t1")).contains(first);
    }

    @Test
    void givenTheCurrentVersionWhenUpdatedThenVersionIncrementsAndUpdatedMovesButCreatedStays() {
        JsonFileTaskStore store = store();
        ZenTask v1 = store.create(ZenTask.builder("t1", "Draft").build());
        clock.advance(Duration.ofMinutes(5));

        ZenTask v2 = store.update(v1.toBuilder().title("Final").created(Instant.EPOCH).build());

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.title()).isEqualTo("Final");
        assertThat(v2.created()).isEqualTo(T0);
        assertThat(v2.updated()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void givenAStaleVersionWhenUpdatedThenSyncConflictAndTheNewerEditSurvives() {
        JsonFileTaskStore store = store();
        ZenTask v1 = store.create(ZenTask.builder("t1", "Draft").build());
        ZenTask v2 = store.update(v1.toBuilder().title("Edited by the host").build());

        assertCode(() -> store.update(v1.toBuilder().title("Edited by a stale sync").build()), ErrorCode.SYNC_CONFLICT);
        assertThat(store.find("t1")).contains(v2);
    }

    @Test
    void givenAnUnknownIdWhenUpdatedThenNotFound() {
        assertCode(() -> store().update(ZenTask.builder("nope", "X").version(1).build()), ErrorCode.NOT_FOUND);
    }

    @Test
    void givenTasksWithEveryFieldWhenReadByANewInstanceThenTheyRoundTripInCreationOrder() {
        ZenTask full = store().create(ZenTask.builder("t2", "Full").description("Line 1\nLine 2").status("In Progress")
                .priority("High").assignee("Ada Lovelace").labels("backend", "urgent")
                .extraField("story_points", "5").build());
        ZenTask minimal = store().create(ZenTask.builder("t1", "Minimal").build());

        assertThat(store().list()).containsExactly(full, minimal);
    }

    @Test
    void givenTwoStoresOnOneFileWhenManyThreadsIncrementACounterWithRetriesThenNoUpdateIsLost() throws Exception {
        store().create(ZenTask.builder("counter", "Counter").extraField("count", "0").build());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int w = 0; w < 4; w++) {
                JsonFileTaskStore store = store(); // separate instances, as separate ServiceLoader lookups would make
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) incrementWithRetry(store);
                }));
            }
            for (Future<?> f : workers) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        ZenTask counter = store().find("counter").orElseThrow();
        assertThat(counter.extraFields()).containsEntry("count", "40");
        assertThat(counter.version()).isEqualTo(41);
    }

    static void incrementWithRetry(TaskStore store) {
        while (true) {
            ZenTask current = store.find("counter").orElseThrow();
            int count = Integer.parseInt(current.extraFields().get("count"));
            try {
                store.update(current.toBuilder().extraField("count", String.valueOf(count + 1)).build());
                return;
            } catch (IntegrationException e) {
                if (e.code() != ErrorCode.SYNC_CONFLICT) throw e; // someone else wrote first: re-read, try again
            }
        }
    }

    @Test
    void givenACorruptFileWhenReadThenStorageErrorAndTheFileIsLeftAsItWas() throws IOException {
        Path file = dir.resolve("tasks.json");
        Files.writeString(file, "{\"tasks\": [ {\"id\": ");

        assertCode(() -> store().list(), ErrorCode.STORAGE_ERROR);
        assertCode(() -> store().create(ZenTask.builder("t1", "X").build()), ErrorCode.STORAGE_ERROR);
        assertThat(Files.readString(file)).isEqualTo("{\"tasks\": [ {\"id\": ");
    }

    @Test
    void givenSeveralWritesWhenDoneThenOnlyTheTaskFileAndItsLockFileRemain() throws IOException {
        JsonFileTaskStore store = store();
        ZenTask v1 = store.create(ZenTask.builder("t1", "A").build());
        store.update(v1.toBuilder().title("B").build());

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("tasks.json",
                    "tasks.json.lock");
        }
    }
}
