package dev.zen.integration.testkit.contract;

import static dev.zen.integration.testkit.contract.ContractAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.ZenComment;
import dev.zen.integration.ZenTask;
import dev.zen.integration.spi.TaskComments;
import dev.zen.integration.spi.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@link TaskStore} contract: the store sets times and versions, refuses stale writes ({@code SYNC_CONFLICT}),
 * and {@code edit} re-applies a change after a concurrent write. Extend it and return a new, empty store whose
 * {@code created}/{@code updated} times come from the given clock.
 */
public abstract class TaskStoreContract {
    /** The clock the tests pass to {@link #newStore(Clock)}: a fixed instant, so times can be compared exactly. */
    protected static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** A new, empty store on {@code clock}. */
    protected abstract TaskStore newStore(Clock clock);

    @Test
    void taskStoreSetsTimesAndVersionsAndRefusesStaleWrites() {
        TaskStore store = newStore(CLOCK);
        ZenTask v1 = store.create(ZenTask.builder("t1", "A").build());

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.created()).isEqualTo(CLOCK.instant());
        assertCode(() -> store.create(ZenTask.builder("t1", "B").build()), ErrorCode.SYNC_CONFLICT);
        ZenTask v2 = store.update(v1.toBuilder().title("B").build());
        assertThat(v2.version()).isEqualTo(2);
        assertCode(() -> store.update(v1.toBuilder().title("C").build()), ErrorCode.SYNC_CONFLICT);
        assertCode(() -> store.update(ZenTask.builder("nope", "X").version(1).build()), ErrorCode.NOT_FOUND);
        assertThat(store.find("t1")).contains(v2);
        assertThat(store.list()).containsExactly(v2);
    }

    /**
     * The optional comment capability, when the store offers it: comments in order, edits and deletions, ids never
     * reused within a task, the copy's {@code source} kept, and {@code NOT_FOUND} for an unknown comment.
     */
    @Test
    void commentsWhenOfferedKeepOrderSourceAndNeverReuseIds() {
        TaskStore store = newStore(CLOCK);
        Optional<TaskComments> offered = store.comments();
        if (offered.isEmpty()) {
            assertThat(store.comments()).as("a store without comments says so every time").isEmpty();
            return;
        }
        TaskComments comments = offered.get();
        ZenComment first = comments.add("t1", "Ann Lee", "First", null);
        ZenComment copy = comments.add("t1", "Priya Shah", "Priya Shah wrote in Jira:\n\nSecond", "jira:10001");
        ZenComment edited = comments.update("t1", first.id(), "First, edited");
        assertThat(comments.delete("t1", copy.id())).isTrue();
        assertThat(comments.delete("t1", copy.id())).isFalse();
        ZenComment third = comments.add("t1", "Ann Lee", "", null);

        assertThat(comments.list("t1")).containsExactly(edited, third);
        assertThat(third.id()).isNotIn(first.id(), copy.id());
        assertThat(copy.source()).isEqualTo("jira:10001");
        assertThat(edited.created()).isEqualTo(first.created());
        assertThat(comments.list("t2")).isEmpty();
        assertCode(() -> comments.update("t1", copy.id(), "gone"), ErrorCode.NOT_FOUND);
        assertCode(() -> comments.add("t1", " ", "x", null), ErrorCode.INVALID_DATA);
    }

    @Test
    void editChangesATaskInOneCallAndReappliesAfterAConcurrentWrite() {
        TaskStore store = newStore(CLOCK);
        store.create(ZenTask.builder("task-1", "Export fails").status("To Do").build());
        TaskStore racing = new RacingTaskStore(store);

        ZenTask edited = racing.edit("task-1", t -> t.title("Export fails on Windows"));

        assertThat(edited.title()).isEqualTo("Export fails on Windows");
        assertThat(edited.priority()).isEqualTo("High");
        assertThat(edited.version()).isEqualTo(3);
        assertCode(() -> store.edit("missing", t -> t.title("x")), ErrorCode.NOT_FOUND);
        assertCode(() -> store.edit(" ", t -> t.title("x")), ErrorCode.INVALID_DATA);
        assertCode(() -> store.edit("task-1", t -> ZenTask.builder("task-2", "other")), ErrorCode.INVALID_DATA);
    }

    /** A view of a store where someone else writes the task once, between an edit's read and its write. */
    private static final class RacingTaskStore implements TaskStore {
        private final TaskStore store;
        private boolean raced;

        RacingTaskStore(TaskStore store) {
            this.store = store;
        }

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
            if (!raced) {
                raced = true;
                store.update(store.find(task.id()).orElseThrow().toBuilder().priority("High").build());
            }
            return store.update(task);
        }
    }
}
