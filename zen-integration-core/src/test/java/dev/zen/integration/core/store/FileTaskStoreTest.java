package dev.zen.integration.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import dev.zen.integration.spi.TaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTaskStoreTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
    @TempDir Path workspace;

    @Test
    void givenANewTaskWhenCreatedThenItGetsAFolderWithManifestAndMetadataAndVersion1() {
        ZenTask stored = new FileTaskStore(workspace, CLOCK).create(ZenTask.builder("task-1", "Export fails")
                .status("To Do").labels("backend", "p1").extraField("story_points", "3").build());

        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.created()).isEqualTo(CLOCK.instant());
        assertThat(workspace.resolve("tasks/task-1/manifest.yaml")).exists();
        assertThat(workspace.resolve("tasks/task-1/metadata")).isDirectory();
        assertThat(new FileTaskStore(workspace).find("task-1")).contains(stored);
    }

    @Test
    void givenValuesThatLookLikeYamlNumbersWhenStoredThenTheyReadBackAsTheSameText() {
        // written plain, YAML 1.1 reads them as numbers: .inf made the manifest unreadable, 0x1F became 31
        ZenTask stored = new FileTaskStore(workspace, CLOCK).create(ZenTask.builder("task-1", ".inf")
                .status("1_000").labels("0x1F", "1e5", "._").extraField("story_points", "0x1F")
                .extraField("estimate", ".nan").build());

        ZenTask read = new FileTaskStore(workspace).find("task-1").orElseThrow();

        assertThat(read).isEqualTo(stored);
        assertThat(read.extraFields()).containsEntry("story_points", "0x1F").containsEntry("estimate", ".nan");
    }

    @Test
    void givenAStoredTaskWhenUpdatedFromAnOldVersionThenSyncConflictAndNothingIsOverwritten() {
        TaskStore store = new FileTaskStore(workspace, CLOCK);
        ZenTask v1 = store.create(ZenTask.builder("task-1", "A").build());
        ZenTask v2 = store.update(v1.toBuilder().title("B").build());

        assertThatThrownBy(() -> store.update(v1.toBuilder().title("C").build()))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
        assertThat(store.find("task-1")).contains(v2);
        assertThat(v2.version()).isEqualTo(2);
    }

    @Test
    void givenAnExistingIdWhenCreatedAgainThenSyncConflict() {
        TaskStore store = new FileTaskStore(workspace, CLOCK);
        store.create(ZenTask.builder("task-1", "A").build());

        assertThatThrownBy(() -> store.create(ZenTask.builder("task-1", "B").build()))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT));
    }

    @Test
    void givenAMissingTaskWhenUpdatedThenNotFound() {
        assertThatThrownBy(() -> new FileTaskStore(workspace).update(ZenTask.builder("nope", "A").version(1).build()))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void givenMetadataWhenWrittenAndReadThenItStaysInsideTheTaskMetadataFolder() throws Exception {
        FileTaskStore store = new FileTaskStore(workspace, CLOCK);
        store.create(ZenTask.builder("task-1", "A").build());

        store.writeMetadata("task-1", "external/jira.json", Map.of("key", "SYNC-7"));

        assertThat(store.readMetadata("task-1", "external/jira.json")).contains(Map.of("key", "SYNC-7"));
        assertThat(Files.readString(workspace.resolve("tasks/task-1/metadata/external/jira.json"))).contains("SYNC-7");
        assertThatThrownBy(() -> store.writeMetadata("task-1", "../../escape.json", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenTwoTasksWhenListedThenBothInIdOrder() {
        TaskStore store = new FileTaskStore(workspace, CLOCK);
        store.create(ZenTask.builder("b", "B").build());
        store.create(ZenTask.builder("a", "A").build());

        assertThat(store.list()).extracting(ZenTask::id).containsExactly("a", "b");
    }

    @Test
    void givenATaskWithA3MbDescriptionWhenUpdatedThenFindAndListReadItBack() {
        TaskStore store = new FileTaskStore(workspace, CLOCK);
        ZenTask v1 = store.create(ZenTask.builder("task-1", "Big").build());
        String description = "x".repeat(3_200_000);

        ZenTask v2 = store.update(v1.toBuilder().description(description).build());

        assertThat(store.find("task-1")).contains(v2);
        assertThat(store.list()).containsExactly(v2);
    }

    @Test
    void givenADescriptionOverTheManifestCapWhenUpdatedThenInvalidDataNamingTaskAndFieldAndTheOldVersionStays() {
        TaskStore store = new FileTaskStore(workspace, CLOCK);
        ZenTask v1 = store.create(ZenTask.builder("task-1", "Big").description("small").build());
        String secret = "SECRET-TEXT ";
        String description = secret + "y".repeat(FileTaskStore.MAX_MANIFEST_CODE_POINTS);

        assertThatThrownBy(() -> store.update(v1.toBuilder().description(description).build()))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
                    assertThat(e.taskId()).contains("task-1");
                    assertThat(e.details()).containsEntry("field", "description");
                    assertThat(e.getMessage()).contains("task-1", "description",
                            String.valueOf(FileTaskStore.MAX_MANIFEST_CODE_POINTS)).doesNotContain(secret.strip());
                });
        assertThat(store.find("task-1")).contains(v1);
    }

    @Test
    void givenOneUnreadableManifestWhenListedThenTheOthersAreListedAndItIsReportedWithoutItsText() throws Exception {
        FileTaskStore store = new FileTaskStore(workspace, CLOCK);
        ZenTask ok = store.create(ZenTask.builder("task-1", "Fine").build());
        store.create(ZenTask.builder("task-2", "Broken").build());
        Path broken = workspace.resolve("tasks/task-2/manifest.yaml");
        Files.writeString(broken, "id: task-2\ntitle: [unclosed SECRET-TEXT\n");

        assertThat(store.list()).containsExactly(ok);
        assertThat(store.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.manifest()).isEqualTo(broken);
            assertThat(u.problem()).contains("line").doesNotContain("SECRET");
        });
        assertThatThrownBy(() -> store.find("task-2")).isInstanceOfSatisfying(IntegrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR));
    }

    @Test
    void givenAManifestOverTheReaderLimitWrittenByAnotherToolWhenReadThenStorageErrorWithoutTheTaskText()
            throws Exception {
        FileTaskStore store = new FileTaskStore(workspace, CLOCK);
        store.create(ZenTask.builder("task-1", "Huge").build());
        Path manifest = workspace.resolve("tasks/task-1/manifest.yaml");
        StringBuilder text = new StringBuilder("id: task-1\ntitle: Huge\ndescription: |\n");
        String line = "  SECRET-TEXT " + "z".repeat(1000) + "\n";
        while (text.length() <= FileTaskStore.MAX_READ_CODE_POINTS) text.append(line);
        Files.writeString(manifest, text);

        assertThatThrownBy(() -> store.find("task-1")).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR);
            assertThat(e.getMessage()).contains(manifest.toString()).doesNotContain("SECRET").hasSizeLessThan(1000);
            assertThat(e.getCause()).isNull();
        });
        assertThat(store.list()).isEmpty();
        assertThat(store.unreadable()).extracting(FileTaskStore.Unreadable::manifest).containsExactly(manifest);
    }
}
