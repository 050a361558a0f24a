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
}
