package dev.zen.integration.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenComment;
import dev.zen.integration.ZenTask;
import dev.zen.integration.spi.TaskComments;
import dev.zen.integration.spi.TaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comment capability of the file and in-memory task stores, and its absence in other stores by default. */
class TaskCommentsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
    @TempDir Path workspace;

    private List<TaskComments> stores() {
        return List.of(new FileTaskStore(workspace, CLOCK).comments().orElseThrow(),
                new InMemoryTaskStore(CLOCK).comments().orElseThrow());
    }

    @Test
    void givenEachStoreWhenCommentsAreAddedEditedAndDeletedThenTheThreadFollowsAndIdsAreNeverReused() {
        for (TaskComments c : stores()) {
            ZenComment first = c.add("task-1", "Ann Lee", "First", null);
            ZenComment copy = c.add("task-1", "Priya Shah", "Priya Shah wrote in Jira:\n\nSecond", "jira:10001");
            c.update("task-1", first.id(), "First, edited");
            assertThat(c.delete("task-1", copy.id())).isTrue();
            assertThat(c.delete("task-1", copy.id())).isFalse();
            ZenComment third = c.add("task-1", "Ann Lee", "Third", null);

            assertThat(c.list("task-1")).extracting(ZenComment::body).containsExactly("First, edited", "Third");
            assertThat(third.id()).isNotIn(first.id(), copy.id());
            assertThat(copy.source()).isEqualTo("jira:10001");
            assertThat(copy.isCopy()).isTrue();
            assertThat(c.find("task-1", first.id()).orElseThrow().created()).isEqualTo(CLOCK.instant());
            assertThat(c.list("task-2")).isEmpty();
        }
    }

    @Test
    void givenEachStoreWhenAnUnknownCommentIsUpdatedOrAnAuthorIsBlankThenTheErrorNamesIt() {
        for (TaskComments c : stores()) {
            assertThatThrownBy(() -> c.update("task-1", "c9", "x"))
                    .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                    .hasMessageContaining("c9");
            assertThatThrownBy(() -> c.add("task-1", " ", "x", null))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA))
                    .hasMessageContaining("author");
        }
    }

    @Test
    void givenTheFileStoreWhenReopenedThenTheCommentsAreReadFromBesideTheTask() throws Exception {
        new FileTaskStore(workspace, CLOCK).comments().orElseThrow().add("task-1", "Ann Lee", "Persisted", null);

        List<ZenComment> again = new FileTaskStore(workspace, CLOCK).comments().orElseThrow().list("task-1");

        assertThat(again).extracting(ZenComment::body).containsExactly("Persisted");
        assertThat(Files.readString(workspace.resolve("tasks/task-1/metadata/comments.json"))).contains("Persisted");
    }

    @Test
    void givenACorruptCommentsFileWhenListedThenStorageErrorNamesTheFile() throws Exception {
        Path file = workspace.resolve("tasks/task-1/metadata/comments.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{not json");

        assertThatThrownBy(() -> new FileTaskStore(workspace, CLOCK).comments().orElseThrow().list("task-1"))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR))
                .hasMessageContaining("comments.json");
    }

    @Test
    void givenAHostStoreWithoutCommentsWhenAskedThenTheCapabilityIsAbsent() {
        TaskStore host = new TaskStore() {
            @Override public Optional<ZenTask> find(String taskId) { return Optional.empty(); }
            @Override public List<ZenTask> list() { return List.of(); }
            @Override public ZenTask create(ZenTask task) { return task; }
            @Override public ZenTask update(ZenTask task) { return task; }
        };

        assertThat(host.comments()).isEmpty();
    }
}
