package dev.zen.integration.it.comments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.core.config.CommentSync;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.testkit.junit.ZenTestEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Comment sync is an optional part of ABI v1: a plugin without the comment operations (the testkit's in-memory
 * tracker, like any plugin built before them) keeps syncing fields with {@code comments: both}.
 */
class CommentsWithoutSupportTest {

    @Test
    void givenAPluginWithoutCommentOperationsWhenCommentsAreOnThenFieldsSyncAndCommentsAreLeftAlone() {
        try (ZenTestEnvironment env = ZenTestEnvironment.builder().inMemoryTracker("fake")
                .configureIntegration(b -> b.providerCalls(ProviderCalls.direct()))
                .configureProvider(p -> p.comments(CommentSync.BOTH)).build()) {
            String key = env.linkedPair("task-1", Map.of("title", "Export fails"));
            env.taskStore().comments().orElseThrow().add("task-1", "Ann Lee", "Local only", null);
            env.editItem(key, "title", "Export fails on Windows");

            TaskSyncResult r = env.sync("task-1", SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

            assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
            assertThat(env.task("task-1").title()).isEqualTo("Export fails on Windows");
            assertThat(env.events().events(SyncEvent.Type.COMMENT_SYNCED)).isEmpty();
            assertThat(env.taskStore().comments().orElseThrow().list("task-1")).hasSize(1);
        }
    }
}
