package dev.zen.integration.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.PendingChange;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlSyncRecordStoreTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    @TempDir Path workspace;

    static TaskSyncRecord record(String taskId, String externalId) {
        return TaskSyncRecord.link(taskId, "jira", externalId, SyncDirection.BIDIRECTIONAL, T0);
    }

    @Test
    void givenAnInsertedRecordWhenReadByANewStoreOnTheSameWorkspaceThenEveryFieldSurvives() {
        TaskSyncRecord full = record("task-1", "SYNC-7").toBuilder()
                .conflictStrategy(ConflictStrategy.MANUAL_REVIEW).status(SyncStatus.CONFLICT)
                .baseSnapshot(Map.of("title", "Export fails", "labels", "a b"))
                .metadata("url", "https://acme.atlassian.net/browse/SYNC-7")
                .localHash("abc").remoteHash("def").lastSyncTime(T0).errorCount(2).lastError("boom")
                .conflicts(List.of(new ConflictRecord("c1", "task-1", "jira", "SYNC-7", "status", "To Do", "Done",
                        "In Progress", T0, null, T0)))
                .pendingChanges(List.of(new PendingChange("p1", Map.of("title", "New"), T0, 1)))
                .build();

        TaskSyncRecord stored = new YamlSyncRecordStore(workspace).insert(full);

        assertThat(stored.version()).isEqualTo(1);
        assertThat(new YamlSyncRecordStore(workspace).find("task-1")).contains(stored);
        assertThat(new YamlSyncRecordStore(workspace).findByExternal("jira", "SYNC-7")).contains(stored);
    }

    @Test
    void givenARecordFileWhenWrittenThenItIsSnakeCaseYamlInTheIntegrationsFolder() throws Exception {
        new YamlSyncRecordStore(workspace).insert(record("task-1", "SYNC-7"));

        String yaml = Files.readString(workspace.resolve(".zen/integrations/task-1.yaml"));

        assertThat(yaml).contains("task_id: task-1", "external_system: jira", "external_id: SYNC-7",
                "sync_direction: bidirectional", "created_at: ", "updated_at: ", "version: 1");
    }

    /** The record the checked-in file {@code records/pre-spec-keys.yaml} holds. */
    static TaskSyncRecord preSpecRecord() {
        Instant created = Instant.parse("2026-01-01T09:00:00Z");
        Instant synced = Instant.parse("2026-01-01T09:00:02Z");
        Instant detected = Instant.parse("2026-01-01T09:00:01Z");
        Map<String, String> pending = new LinkedHashMap<>();
        pending.put("title", "New title");
        pending.put("description", null);
        return TaskSyncRecord.link("task-old", "jira", "SYNC-9", SyncDirection.PULL, created).toBuilder()
                .lastSyncTime(synced).fieldMappings(Map.of("title", "fields.summary"))
                .conflictStrategy(ConflictStrategy.MANUAL_REVIEW)
                .metadata(Map.of("external_url", "https://acme.atlassian.net/browse/SYNC-9", "external_item_id", "10042"))
                .updated(synced).version(3).status(SyncStatus.CONFLICT).errorCount(1).lastError("Jira was slow")
                .baseSnapshot(Map.of("title", "Export fails", "status", "To Do")).localHash("5f2c").remoteHash("9a1b")
                .conflicts(List.of(new ConflictRecord("c1", "task-old", "jira", "SYNC-9", "status", "To Do", "Done",
                        "In Progress", Instant.parse("2026-01-01T08:59:00Z"), null, detected)))
                .pendingChanges(List.of(new PendingChange("p1", pending, detected, 2)))
                .build();
    }

    private Path copyPreSpecFile() throws Exception {
        Path file = workspace.resolve(".zen/integrations/task-old.yaml");
        Files.createDirectories(file.getParent());
        try (InputStream in = getClass().getResourceAsStream("/records/pre-spec-keys.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void givenARecordFileWithThePreSpecKeysWhenReadThenEveryFieldIsKept() throws Exception {
        copyPreSpecFile();

        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);

        assertThat(store.find("task-old")).contains(preSpecRecord());
        assertThat(store.list()).containsExactly(preSpecRecord());
    }

    @Test
    void givenARecordFileWithBothTheOldAndTheNewNameOfAKeyWhenReadThenStorageErrorNamingBoth() throws Exception {
        Path file = copyPreSpecFile();
        Files.writeString(file, Files.readString(file) + "sync_direction: push\n");

        assertThatThrownBy(() -> new YamlSyncRecordStore(workspace).find("task-old"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR);
                    assertThat(e.getMessage()).contains("task-old.yaml", "direction and sync_direction",
                            "keep sync_direction");
                });
    }

    @Test
    void givenAPreSpecRecordFileWhenUpdatedThenItIsRewrittenWithTheSpecKeysAndLosesNothing() throws Exception {
        Path file = copyPreSpecFile();
        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
        TaskSyncRecord read = store.find("task-old").orElseThrow();

        TaskSyncRecord stored = store.update(read.toBuilder().errorCount(2).build());

        String yaml = Files.readString(file);
        assertThat(yaml).contains("sync_direction: pull", "created_at: 2026-01-01T09:00:00Z",
                "updated_at: 2026-01-01T09:00:02Z", "version: 4");
        assertThat(yaml).doesNotContainPattern("(?m)^(direction|created|updated):");
        assertThat(new YamlSyncRecordStore(workspace).find("task-old"))
                .contains(preSpecRecord().toBuilder().errorCount(2).version(4).build()).contains(stored);
    }

    @Test
    void givenALinkedExternalItemWhenAnotherTaskLinksItThenSyncConflict() {
        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
        store.insert(record("task-1", "SYNC-7"));

        assertThatThrownBy(() -> store.insert(record("task-2", "SYNC-7")))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT))
                .hasMessageContaining("already linked to task task-1");
        assertThatThrownBy(() -> store.insert(record("task-1", "SYNC-8")))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
    }

    @Test
    void givenAStaleVersionWhenUpdatedThenSyncConflictAndTheNewerWriteIsKept() {
        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
        TaskSyncRecord v1 = store.insert(record("task-1", "SYNC-7"));
        store.update(v1.toBuilder().lastError("first").build());

        assertThatThrownBy(() -> store.update(v1.toBuilder().lastError("second").build()))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
        assertThat(store.find("task-1").orElseThrow().lastError()).isEqualTo("first");
        assertThat(store.find("task-1").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void givenManyConcurrentWritersOfTheSameVersionWhenTheyUpdateThenExactlyOneWinsAndTheOthersGetSyncConflict()
            throws Exception {
        TaskSyncRecord v1 = new YamlSyncRecordStore(workspace).insert(record("task-1", "SYNC-7"));
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String mark = "writer-" + i;
            YamlSyncRecordStore ownStore = new YamlSyncRecordStore(workspace); // like separate processes
            outcomes.add(pool.submit(() -> {
                start.await();
                try {
                    ownStore.update(v1.toBuilder().lastError(mark).build());
                    return "ok";
                } catch (IntegrationException e) {
                    return e.code().name();
                }
            }));
        }
        start.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> f : outcomes) results.add(f.get());
        pool.shutdown();

        assertThat(results).filteredOn("ok"::equals).hasSize(1);
        assertThat(results).filteredOn("SYNC_CONFLICT"::equals).hasSize(writers - 1);
        assertThat(new YamlSyncRecordStore(workspace).find("task-1").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void givenATempFileLeftByACrashedWriteWhenListingThenOnlyTheCommittedRecordIsSeen() throws Exception {
        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
        store.insert(record("task-1", "SYNC-7"));
        // a crash between writing the temp file and renaming it leaves this behind
        Files.writeString(store.directory().resolve(".task-1.yaml.1234.tmp"), "task_id: task-1\nexternal_id: HALF");

        assertThat(store.list()).extracting(TaskSyncRecord::externalId).containsExactly("SYNC-7");
        store.update(store.find("task-1").orElseThrow().toBuilder().lastError("x").build());
        try (Stream<Path> files = Files.list(store.directory())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
                    .containsExactly("task-1.yaml");
        }
    }

    @Test
    void givenACorruptRecordFileWhenReadThenAStorageErrorNamesTheFile() throws Exception {
        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
        Files.createDirectories(store.directory());
        Files.writeString(store.directory().resolve("task-9.yaml"), "task_id: [unclosed");

        assertThatThrownBy(() -> store.find("task-9"))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR))
                .hasMessageContaining("task-9.yaml");
    }

    @Test
    void givenTaskIdsWithUnsafeCharactersWhenStoredThenFileNamesStayInsideTheFolderAndRoundTrip() {
        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
        store.insert(record("../evil/ä task", "SYNC-1"));

        assertThat(store.find("../evil/ä task")).isPresent();
        assertThat(FileNames.decode(FileNames.encode("../evil/ä task"))).isEqualTo("../evil/ä task");
        assertThat(workspace.resolve("evil")).doesNotExist();
    }

    @Test
    void givenALinkedTaskWhenDeletedThenItAndItsIndexEntryAreGone() {
        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
        store.insert(record("task-1", "SYNC-7"));

        assertThat(store.delete("task-1")).isTrue();
        assertThat(store.delete("task-1")).isFalse();
        assertThat(store.findByExternal("jira", "SYNC-7")).isEmpty();
        store.insert(record("task-2", "SYNC-7"));
    }

    /**
     * The uniqueness check and the lookup by external id read no record but the one they find: with another record
     * file broken by hand, linking one more task and looking items up still work (a scan of the folder, as before
     * the link journal, stopped at the broken file).
     */
    @Test
    void givenManyLinksWhenOneMoreIsLinkedAndItemsLookedUpThenNoOtherRecordFileIsRead() throws Exception {
        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
        for (int i = 1; i <= 100; i++) store.insert(record("task-" + i, "SYNC-" + i));
        Files.writeString(store.directory().resolve("task-7.yaml"), "task_id: [broken by hand");

        store.insert(record("task-101", "SYNC-101"));

        assertThat(store.findByExternal("jira", "SYNC-50")).map(TaskSyncRecord::taskId).contains("task-50");
        assertThat(store.findByExternal("jira", "SYNC-101")).map(TaskSyncRecord::taskId).contains("task-101");
        assertThat(store.findByExternal("jira", "SYNC-999")).isEmpty();
        assertThatThrownBy(() -> store.insert(record("task-102", "SYNC-60")))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
    }

    /** Two stores on one workspace stand for two processes: each sees the other's link changes through the journal. */
    @Test
    void givenTwoStoresOnOneWorkspaceWhenOneLinksMovesAndUnlinksThenTheOtherSeesEachChange() {
        YamlSyncRecordStore a = new YamlSyncRecordStore(workspace, 64); // tiny journal: many new generations
        YamlSyncRecordStore b = new YamlSyncRecordStore(workspace, 64);
        assertThat(b.findByExternal("jira", "SYNC-1")).isEmpty(); // b's index is built before a writes

        a.insert(record("task-1", "SYNC-1"));
        assertThatThrownBy(() -> b.insert(record("task-2", "SYNC-1")))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
        TaskSyncRecord moved = a.update(a.find("task-1").orElseThrow().toBuilder().externalId("SYNC-2").build());
        assertThat(b.findByExternal("jira", "SYNC-1")).isEmpty();
        assertThat(b.findByExternal("jira", "SYNC-2")).contains(moved);
        b.insert(record("task-2", "SYNC-1"));
        assertThatThrownBy(() -> a.insert(record("task-3", "SYNC-1")))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
        a.delete("task-1");
        assertThat(b.findByExternal("jira", "SYNC-2")).isEmpty();
        for (int i = 10; i < 40; i++) a.insert(record("task-" + i, "SYNC-" + i));
        for (int i = 10; i < 40; i++) {
            assertThat(b.findByExternal("jira", "SYNC-" + i)).map(TaskSyncRecord::taskId).contains("task-" + i);
        }
    }

    /**
     * A writer that died between its journal line and its record leaves a line naming an unchanged record, maybe
     * without its newline; a folder without a journal (an older library's) is indexed from its records.
     */
    @Test
    void givenAJournalLeftByACrashOrMissingWhenAnotherStoreCatchesUpThenItStillFindsEveryLink() throws Exception {
        YamlSyncRecordStore a = new YamlSyncRecordStore(workspace);
        YamlSyncRecordStore b = new YamlSyncRecordStore(workspace);
        a.insert(record("task-1", "SYNC-1"));
        assertThat(b.findByExternal("jira", "SYNC-1")).isPresent();
        Path journal = a.directory().resolve(LinkJournal.FILE);
        Files.writeString(journal, "task-9\ntask-", StandardOpenOption.APPEND);

        a.insert(record("task-2", "SYNC-2"));
        assertThat(b.findByExternal("jira", "SYNC-2")).map(TaskSyncRecord::taskId).contains("task-2");
        assertThat(b.findByExternal("jira", "SYNC-9")).isEmpty();

        Files.delete(journal);
        a.insert(record("task-3", "SYNC-3"));
        assertThat(b.findByExternal("jira", "SYNC-3")).map(TaskSyncRecord::taskId).contains("task-3");
        assertThat(b.findByExternal("jira", "SYNC-1")).map(TaskSyncRecord::taskId).contains("task-1");
        assertThat(new YamlSyncRecordStore(workspace).findByExternal("jira", "SYNC-2")).isPresent();
    }

    @Test
    void givenAnEmptyWorkspaceWhenAnItemIsLookedUpThenNothingIsWritten() {
        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);

        assertThat(store.findByExternal("jira", "SYNC-1")).isEmpty();
        assertThat(store.directory()).doesNotExist();
    }
}
