package dev.zen.integration.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.PendingChange;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.IntegrationJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace files edited by hand or by someone else: a broken file must not have its lines (the task's text) copied
 * into an error message, and a key given twice must not silently replace the first.
 */
class StoredFileAttacksTest {
    private static final String PRIVATE = "acme-vpn-password-hunter2";

    @TempDir Path workspace;

    private Path taskFile() {
        FileTaskStore store = new FileTaskStore(workspace, FileTaskStoreTest.CLOCK);
        store.create(ZenTask.builder("task-1", "Export fails").description("call them").status("To Do").build());
        return store.taskFolder("task-1").resolve(FileTaskStore.MANIFEST);
    }

    private static Consumer<IntegrationException> storageErrorWithout(String... absent) {
        return e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR);
            assertThat(e.getMessage()).doesNotContain(absent).doesNotContain("\n");
            assertThat(e.getCause()).isNull();
        };
    }

    @Test
    void givenATaskFileWithBrokenYamlWhenReadThenTheErrorGivesLineAndColumnButNoLineOfTheText() throws IOException {
        Path file = taskFile();
        String yaml = Files.readString(file).replace("description: call them",
                "description: \"Customer notes: " + PRIVATE + "\n  more: [x");
        Files.writeString(file, yaml);

        assertThatThrownBy(() -> new FileTaskStore(workspace).find("task-1"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    storageErrorWithout(PRIVATE, "Customer notes", "more: [x").accept(e);
                    assertThat(e.getMessage()).contains("manifest.yaml", "line ", "column ");
                });
    }

    @Test
    void givenATaskFileWithAMappingWhereNoneIsAllowedWhenReadThenTheErrorQuotesNoLine() throws IOException {
        Path file = taskFile();
        Files.writeString(file, Files.readString(file).replace("description: call them",
                "description: " + PRIVATE + ": leaked: here"));

        assertThatThrownBy(() -> new FileTaskStore(workspace).find("task-1"))
                .isInstanceOfSatisfying(IntegrationException.class, storageErrorWithout(PRIVATE));
    }

    @Test
    void givenATaskFileWithAValueOfTheWrongTypeWhenReadThenTheErrorNamesTheKeyButNotTheValue() throws IOException {
        Path file = taskFile();
        String yaml = Files.readString(file).replaceFirst("(?m)^created: .*$", "created: \"" + PRIVATE + "\"");
        Files.writeString(file, yaml);

        assertThatThrownBy(() -> new FileTaskStore(workspace).find("task-1"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    storageErrorWithout(PRIVATE).accept(e);
                    assertThat(e.getMessage()).contains("created", "Instant");
                });
    }

    @Test
    void givenATaskFileWithDuplicateLabelsWhenReadThenTheErrorSaysWhyWithoutTheLabels() throws IOException {
        Path file = taskFile();
        Files.writeString(file, Files.readString(file).replaceFirst("(?m)^labels:.*$",
                "labels: [" + PRIVATE + ", " + PRIVATE + "]"));

        assertThatThrownBy(() -> new FileTaskStore(workspace).find("task-1"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    storageErrorWithout(PRIVATE).accept(e);
                    assertThat(e.getMessage()).contains("labels must not contain duplicates");
                });
    }

    @Test
    void givenATaskFileWithTheStatusKeyTwiceWhenReadThenItIsRefusedNamingTheKey() throws IOException {
        Path file = taskFile();
        Files.writeString(file, Files.readString(file) + "status: Done\n");

        assertThatThrownBy(() -> new FileTaskStore(workspace).find("task-1"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR);
                    assertThat(e.getMessage()).contains("the key status appears more than once");
                });
    }

    @Test
    void givenASyncRecordWithASecondOutboxWhenReadThenItIsRefusedInsteadOfDroppingTheFirst() throws IOException {
        Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
        store.insert(TaskSyncRecord.link("task-1", "jira", "SYNC-7", SyncDirection.BIDIRECTIONAL, t0).toBuilder()
                .pendingChanges(List.of(new PendingChange("p1", Map.of("title", "New"), t0, 1))).build());
        Path file = workspace.resolve(".zen/integrations/task-1.yaml");
        Files.writeString(file, Files.readString(file) + "pending_changes: []\n");

        assertThatThrownBy(() -> new YamlSyncRecordStore(workspace).find("task-1"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR);
                    assertThat(e.getMessage()).contains("pending_changes appears more than once");
                });
    }

    @Test
    void givenExternalMetadataWithAKeyTwiceWhenReadThenItIsRefused() throws IOException {
        FileTaskStore store = new FileTaskStore(workspace);
        store.writeMetadata("task-1", "external/jira.json", Map.of("key", "SYNC-7"));
        Path file = store.metadataFolder("task-1").resolve("external/jira.json");
        Files.writeString(file, "{\"key\": \"SYNC-7\", \"key\": \"" + PRIVATE + "\"}");

        assertThatThrownBy(() -> store.readMetadata("task-1", "external/jira.json"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    storageErrorWithout(PRIVATE).accept(e);
                    assertThat(e.getMessage()).contains("the key key appears more than once");
                });
    }

    @Test
    void givenAReportWithAKeyTwiceWhenReadThenItIsInvalidDataWithoutQuotingIt() {
        assertThatThrownBy(() -> IntegrationJson.readSyncReport("{\"total\": 1, \"total\": 2, \"x\": " + PRIVATE + "}"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
                    assertThat(e.getMessage()).contains("appears more than once").doesNotContain(PRIVATE);
                });
        assertThatThrownBy(() -> IntegrationJson.readSyncReport("{\"x\": " + PRIVATE + "}"))
                .isInstanceOfSatisfying(IntegrationException.class, e ->
                        assertThat(e.getMessage()).doesNotContain(PRIVATE));
    }
}
